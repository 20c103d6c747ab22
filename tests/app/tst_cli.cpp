// headliner-cli as a user runs it: a real process, its exit code, stdout and stderr.
#include <QProcess>
#include <QTest>
#include <QThread>

#include "core/BlasKernels.h"

class TestCli : public QObject {
    Q_OBJECT

    struct Result {
        int code;
        QString out, err;
    };
    static Result run(const QStringList& args, const QString& blasCoreType = {}) {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("HEADLINER_THREADS"));  // the default thread count is what is checked
        env.remove(QStringLiteral("OPENBLAS_CORETYPE"));
        if (!blasCoreType.isEmpty()) env.insert(QStringLiteral("OPENBLAS_CORETYPE"), blasCoreType);
        p.setProcessEnvironment(env);
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), args);
        if (!p.waitForFinished(60000)) return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set"); }

    void version() {
        const auto r = run({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Headliner ")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("LibTorch ")));
        QVERIFY(r.out.contains(QStringLiteral("sentencepiece ")));
        QVERIFY(r.out.contains(QStringLiteral("CUDA ")));
    }

    void help() {
        const auto r = run({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("Usage: headliner-cli")));
        QVERIFY(r.out.contains(QStringLiteral("Commands:")));
        QVERIFY(r.out.contains(QStringLiteral("--version")));
    }

    void noArgumentsIsAUsageError() {
        const auto r = run({});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("Usage:")));
    }

    void unknownCommandAndOption() {
        auto r = run({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown command 'frobnicate' (see")), qPrintable(r.err));  // nothing near it
        // A command two edits away or closer is suggested.
        for (const auto& [typed, meant] : {std::pair{"trian", "train"}, std::pair{"evl", "eval"}, std::pair{"predcit", "predict"}}) {
            r = run({QString::fromLatin1(typed)});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QStringLiteral("; did you mean '%1'?").arg(QString::fromLatin1(meant))), qPrintable(r.err));
        }
        // `help COMMAND` is `COMMAND --help`.
        r = run({QStringLiteral("help"), QStringLiteral("train")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, run({QStringLiteral("train"), QStringLiteral("--help")}).out);
        QVERIFY(r.out.contains(QStringLiteral("--batch-size")));
        r = run({QStringLiteral("info"), QStringLiteral("--bogus")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown option --bogus")), qPrintable(r.err));
    }

    void infoReportsThreadsAndBlas() {
        const auto r = run({QStringLiteral("info")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("cpu threads")));
        QVERIFY(r.out.contains(QStringLiteral("blas")));
        // Thread count = available cores (LibTorch alone would pick 1 on these machines).
        QVERIFY2(r.out.contains(QStringLiteral("cpu threads    ") + QString::number(QThread::idealThreadCount())),
                 qPrintable(r.out));
        // Whether this build can capture CUDA graphs (not with Debian's LibTorch, which has no CUDA).
        QVERIFY2(r.out.contains(QStringLiteral("cuda graphs    built in\n")) ||
                     r.out.contains(QStringLiteral("cuda graphs    not built in\n")),
                 qPrintable(r.out));
    }

    // OpenBLAS's kernels: never a pre-AVX2 set on a CPU with AVX2 (Debian 12's OpenBLAS picks
    // its SSE3 "Prescott" set on CPUs newer than itself); the user's OPENBLAS_CORETYPE wins.
    void infoReportsBlasKernels() {
        auto r = run({QStringLiteral("info")});
        QCOMPARE(r.code, 0);
        const QString prefix = QStringLiteral("blas kernels   ");
        const qsizetype at = r.out.indexOf(prefix);
        QVERIFY2(at >= 0, qPrintable(r.out));
        const QString line = r.out.mid(at + prefix.size()).section(QLatin1Char('\n'), 0, 0);
        if (line.startsWith(QStringLiteral("not OpenBLAS"))) QSKIP("the BLAS is not OpenBLAS");
        const std::string active = line.section(QLatin1Char(' '), 0, 0).toStdString();
        QVERIFY2(headliner::blas::betterKernels(active, headliner::blas::cpuFeatures()).empty(), qPrintable(line));

#if defined(__x86_64__)
        r = run({QStringLiteral("info")}, QStringLiteral("Nehalem"));  // an x86-64 kernel set
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(prefix + QStringLiteral("Nehalem (set by OPENBLAS_CORETYPE)\n")), qPrintable(r.out));
#endif
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
