#pragma once
// Where tests find ../shared (golden fixtures and data). Tests that need it call
// HEADLINER_REQUIRE_SHARED(path), which skips with a visible message when it is absent.

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace headliner::test {

inline QString sharedDir() {
    const QByteArray env = qgetenv("HEADLINER_SHARED_DIR");
    return env.isEmpty() ? QString() : QDir::cleanPath(QString::fromLocal8Bit(env));
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
