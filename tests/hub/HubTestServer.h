#pragma once
// Starts tests/hub/hub_server.py (a stand-in for the Hugging Face hub on 127.0.0.1) for the hub
// tests, talks to it through its stdin/stdout, and stops it at the end. The server exits by
// itself when its stdin closes, so a crashed test leaves no server behind.

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QString>

#include "support/SharedData.h"

namespace headliner::test {

class HubTestServer {
public:
    static constexpr const char* kToken = "hf_TestSecretToken_0123456789";

    ~HubTestServer() { stop(); }

    // Empty on success, else why the server could not start.
    QString start() {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty()) return QStringLiteral("python3 not found (scripts/setup.sh installs it)");
        const QString script = QStringLiteral(HEADLINER_SOURCE_DIR "/tests/hub/hub_server.py");
        process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process_.start(python, {script, QStringLiteral("--shared"), sharedDir(), QStringLiteral("--token"),
                                QString::fromLatin1(kToken)});
        if (!process_.waitForStarted(30000)) return QStringLiteral("python3 did not start");
        // The server prints PORT, DEADPORT and READY once it listens.
        QDeadlineTimer deadline(60000);
        while (true) {
            const QByteArray line = readLine(deadline);
            if (line.isEmpty()) return QStringLiteral("the hub server did not report its port in time");
            if (line.startsWith("PORT "))
                port_ = line.mid(5).trimmed().toInt();
            else if (line.startsWith("DEADPORT "))
                deadPort_ = line.mid(9).trimmed().toInt();
            else if (line.trimmed() == "READY")
                break;
        }
        if (port_ <= 0 || deadPort_ <= 0) return QStringLiteral("the hub server reported no usable port");
        return {};
    }

    void stop() {
        if (process_.state() == QProcess::NotRunning) return;
        process_.closeWriteChannel();  // EOF on stdin: the server shuts down
        if (!process_.waitForFinished(5000)) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // Nothing listens there (the server bound it, then closed it).
    std::string deadEndpoint() const { return "http://127.0.0.1:" + std::to_string(deadPort_); }

    // One command, one JSON answer (see hub_server.py).
    QJsonObject command(const QByteArray& line) {
        process_.write(line + '\n');
        process_.waitForBytesWritten(5000);
        const QByteArray answer = readLine(QDeadlineTimer(20000));
        return QJsonDocument::fromJson(answer).object();
    }

    QJsonArray requests() { return command("stats").value(QStringLiteral("requests")).toArray(); }
    void reset() { command("reset"); }

    // Requests of one kind ("api", "head", "data") since the last reset, optionally only those
    // whose path ends with `suffix`.
    QJsonArray requestsOf(const QString& kind, const QString& suffix = {}) {
        QJsonArray out;
        for (const auto& r : requests()) {
            const auto o = r.toObject();
            if (o.value(QStringLiteral("kind")).toString() != kind) continue;
            if (!suffix.isEmpty() && !o.value(QStringLiteral("path")).toString().endsWith(suffix)) continue;
            out.append(o);
        }
        return out;
    }

    // {"commit", "files": {name: {"etag", "size", "lfs", "sha256"}}} of "model:org/name".
    QJsonObject repo(const QString& key) {
        return command("info").value(QStringLiteral("repos")).toObject().value(key).toObject();
    }

private:
    QByteArray readLine(QDeadlineTimer deadline) {
        while (!process_.canReadLine()) {
            if (deadline.hasExpired() || process_.state() == QProcess::NotRunning) return {};
            process_.waitForReadyRead(
                int(std::max<qint64>(1, std::min<qint64>(deadline.remainingTime(), 1000))));
        }
        return process_.readLine();
    }

    QProcess process_;
    int port_ = 0;
    int deadPort_ = 0;
};

}  // namespace headliner::test
