// findInvalidUtf8: the well-formedness rules readers rely on to report bad bytes by position.
#include <QTest>

#include <string>

#include "core/data/Utf8Validation.h"

using headliner::data::findInvalidUtf8;

class TestUtf8Validation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptsWellFormedText() {
        constexpr auto npos = std::string_view::npos;
        QCOMPARE(findInvalidUtf8(""), npos);
        QCOMPARE(findInvalidUtf8("plain ASCII that is longer than eight bytes"), npos);
        QCOMPARE(findInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"), npos);
    }

    void findsTheFirstBadByte_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("at");
        QTest::newRow("latin-1 after ascii block") << QByteArray("abcdefghij caf\xE9") << 14;
        QTest::newRow("lone continuation") << QByteArray("a\x80") << 1;
        QTest::newRow("overlong two-byte") << QByteArray("\xC0\xAF") << 0;
        QTest::newRow("overlong three-byte") << QByteArray("\xE0\x80\xAF") << 0;
        QTest::newRow("surrogate") << QByteArray("x\xED\xA0\x80") << 1;
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
        QTest::newRow("truncated at end") << QByteArray("ok\xE2\x82") << 2;
        QTest::newRow("bad third byte") << QByteArray("\xE2\x82x") << 0;
        QTest::newRow("F5") << QByteArray("\xF5\x80\x80\x80") << 0;
    }
    void findsTheFirstBadByte() {
        QFETCH(QByteArray, text);
        QFETCH(int, at);
        QCOMPARE(findInvalidUtf8(std::string_view(text.constData(), std::size_t(text.size()))),
                 std::size_t(at));
    }
};

QTEST_GUILESS_MAIN(TestUtf8Validation)
#include "tst_utf8_validation.moc"
