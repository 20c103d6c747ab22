#pragma once
// Runs headliner-cli (the binary CTest names in HEADLINER_CLI) for the CLI tests: arguments,
// optional stdin, a timeout, optionally another environment and a function run in the child
// before exec (QProcess::setChildProcessModifier: resource limits); exit code and both outputs.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace headliner::test {

struct CliResult {
    int code;  // the exit code; -1: did not start or timed out (err says which); -2: crashed
    QByteArray out;
    QString err;
};

inline CliResult runCli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 120000,
                        const std::optional<QProcessEnvironment>& env = std::nullopt,
                        const std::function<void()>& inChild = {}) {
    QProcess p;
    if (env) p.setProcessEnvironment(*env);
    if (inChild) p.setChildProcessModifier(inChild);
    p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), args);
    if (!p.waitForStarted(30000)) return {-1, {}, QStringLiteral("did not start")};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(10000);
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace headliner::test
