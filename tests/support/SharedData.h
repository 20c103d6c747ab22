#pragma once
// Where tests find ../shared (golden fixtures and data). Tests that need it call
// HEADLINER_REQUIRE_SHARED(path), which skips with a visible message when it is absent.

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace headliner::test {

// HEADLINER_SHARED_DIR (set by CTest) or, when a test binary is run by hand, ../shared beside
// the source tree.
inline QString sharedDir() {
    const QByteArray env = qgetenv("HEADLINER_SHARED_DIR");
    if (!env.isEmpty()) return QDir::cleanPath(QString::fromLocal8Bit(env));
#ifdef HEADLINER_SOURCE_DIR
    const QString beside = QDir::cleanPath(QStringLiteral(HEADLINER_SOURCE_DIR "/../shared"));
    if (QFileInfo::exists(beside)) return beside;
#endif
    return {};
}

// Absolute path of a file under ../shared (may not exist).
inline QString sharedPath(const QString& relative) { return sharedDir() + QLatin1Char('/') + relative; }

}  // namespace headliner::test

// Skips the current test, loudly, when ../shared or the named file in it is missing.
#define HEADLINER_REQUIRE_SHARED(relative)                                                        \
    do {                                                                                          \
        const QString headlinerPath_ = headliner::test::sharedPath(QStringLiteral(relative));     \
        if (headliner::test::sharedDir().isEmpty() || !QFileInfo::exists(headlinerPath_)) {      \
            const QByteArray msg = ("SKIPPING: " + headlinerPath_ +                              \
                                    " not found (../shared beside the checkout is needed)")      \
                                       .toLocal8Bit();                                            \
            qWarning("%s", msg.constData());                                                      \
            QSKIP(msg.constData());                                                               \
        }                                                                                         \
    } while (false)
