// One writer per run folder (io::FolderLock) and the clean-up of half-built folders that killed
// processes leave (io::removeAbandonedStagingFolders), with real processes: a lock held by another
// process (bash with util-linux's flock(1)) refuses this one and goes when that process is killed; two
// locks in one process conflict; the refusal names the holder. And io::writeFolderAtomically: whole
// or not at all.
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "core/io/AtomicFolder.h"
#include "core/io/FolderLock.h"

using headliner::io::FolderInUse;
using headliner::io::FolderLock;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The message FolderLock::acquire refuses with ("" when it takes the lock, then released).
std::string refusal(const fs::path& folder) {
    try {
        FolderLock lock = FolderLock::acquire(folder, "a test");
        return {};
    } catch (const FolderInUse& e) {
        return e.what();
    }
}

}  // namespace

class TestFolderLock : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void oneHolderInAProcess() {
        QVERIFY(dir_.isValid());
        const fs::path folder = dir_.filePath(QStringLiteral("run/work")).toStdString();
        {
            FolderLock lock = FolderLock::acquire(folder, "headliner-cli train");  // creates the folder
            QVERIFY(lock.held());
            QVERIFY(fs::is_directory(folder));
            const std::string record = readFile(FolderLock::lockFile(folder));
            QVERIFY2(record.rfind("headliner-cli train, process " + std::to_string(::getpid()) + ", since 20", 0) == 0,
                     record.c_str());
            // A second holder in the same process is refused, told who holds it.
            const std::string message = refusal(folder);
            QVERIFY2(message.find(folder.string() + ": is in use by another training run (headliner-cli train, process " +
                                  std::to_string(::getpid())) == 0,
                     message.c_str());
            QVERIFY2(message.find("wait for it to end, or stop it first") != std::string::npos, message.c_str());

            FolderLock moved = std::move(lock);  // the lock travels with the object
            QVERIFY(!lock.held());
            QVERIFY(moved.held());
            QVERIFY(!refusal(folder).empty());
            lock = std::move(moved);
            QVERIFY(lock.held());
            QVERIFY(!refusal(folder).empty());
        }
        // Released with its object; the record is emptied, the file stays.
        QCOMPARE(refusal(folder), std::string());
        QVERIFY(fs::exists(FolderLock::lockFile(folder)));
        QCOMPARE(readFile(FolderLock::lockFile(folder)), std::string());
        FolderLock again = FolderLock::acquire(folder, "again");
        again.release();
        QVERIFY(!again.held());
        QCOMPARE(refusal(folder), std::string());
    }

    void anotherProcessHoldsItUntilItDies() {
        if (QStandardPaths::findExecutable(QStringLiteral("flock")).isEmpty())
            QSKIP("util-linux's flock(1) is not installed");
        const fs::path folder = dir_.filePath(QStringLiteral("other")).toStdString();
        fs::create_directories(folder);
        // bash locks the file on its descriptor 9 with flock(1) and becomes `sleep`, keeping it:
        // the lock belongs to that one process.
        QProcess holder;
        holder.start(QStringLiteral("bash"),
                     {QStringLiteral("-c"), QStringLiteral("exec 9>\"$0\" && flock --nonblock 9 && exec sleep 60"),
                      QString::fromStdString(FolderLock::lockFile(folder).string())});
        QVERIFY(holder.waitForStarted(10000));
        std::string message;
        for (int i = 0; i < 500 && message.empty() && holder.state() == QProcess::Running; ++i) {
            message = refusal(folder);
            if (message.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY2(message.find(folder.string() + ": is in use by another training run") == 0, message.c_str());
        holder.kill();  // SIGKILL: the kernel drops the lock with the process
        QVERIFY(holder.waitForFinished(10000));
        const bool taken = refusal(folder).empty();
        QVERIFY2(taken, "the lock outlived its holder");
    }

    // A folder written whole or not at all: a failure midway deletes the half-built copy, keeps
    // the previous folder as it was, and names the folder, the content and the file that failed.
    void foldersAreWrittenWholeOrNotAtAll() {
        const fs::path folder = dir_.filePath(QStringLiteral("export/final")).toStdString();
        const auto write = [&](const std::string& content, bool fail) {
            headliner::io::writeFolderAtomically(folder, "export", "the model", [&](const fs::path& staged) {
                std::ofstream(staged / "model.safetensors") << content;
                if (fail) throw headliner::FileError(staged / "tokenizer.json", 0, "write failed: No space left on device");
            });
        };
        const auto hidden = [&] {
            int n = 0;
            for (const auto& e : fs::directory_iterator(folder.parent_path()))
                n += e.path().filename().string().front() == '.' ? 1 : 0;
            return n;
        };
        fs::create_directories(folder.parent_path());
        try {
            write("first", true);
            QFAIL("no error");
        } catch (const headliner::FileError& e) {
            QCOMPARE(std::string(e.what()), folder.string() + ": the model could not be written (tokenizer.json: write "
                                                             "failed: No space left on device)");
        }
        QVERIFY(!fs::exists(folder));
        QCOMPARE(hidden(), 0);
        write("first", false);
        QCOMPARE(readFile(folder / "model.safetensors"), std::string("first"));
        try {
            write("second", true);
            QFAIL("no error");
        } catch (const headliner::FileError& e) {
            QVERIFY2(std::string(e.what()).find("); the previous one is kept") != std::string::npos, e.what());
        }
        QCOMPARE(readFile(folder / "model.safetensors"), std::string("first"));
        QCOMPARE(hidden(), 0);
        // Any other exception is named as it is, and cleans up all the same.
        try {
            headliner::io::writeFolderAtomically(folder, "export", "the model",
                                                 [](const fs::path&) { throw std::logic_error("a bug"); });
            QFAIL("no error");
        } catch (const headliner::FileError& e) {
            QCOMPARE(std::string(e.what()), folder.string() + ": the model could not be written (a bug); the previous one is kept");
        }
        QCOMPARE(hidden(), 0);
        write("second", false);
        QCOMPARE(readFile(folder / "model.safetensors"), std::string("second"));
        QCOMPARE(hidden(), 0);
    }

    void abandonedStagingFoldersAreRemoved() {
        const fs::path root = dir_.filePath(QStringLiteral("checkpoints")).toStdString();
        fs::create_directories(root / "last");
        // A process that has ended: start one and keep its id.
        QProcess ended;
        ended.start(QStringLiteral("true"), {});
        QVERIFY(ended.waitForStarted(10000));
        const qint64 deadPid = ended.processId();
        QVERIFY(ended.waitForFinished(10000));
        QVERIFY(deadPid > 0);
        QVERIFY(::kill(pid_t(deadPid), 0) != 0);
        // A process that runs.
        QProcess running;
        running.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(running.waitForStarted(10000));
        const std::string dead = std::to_string(deadPid), alive = std::to_string(running.processId()),
                          self = std::to_string(::getpid());

        const fs::path abandoned1 = root / (".last.checkpoint-" + dead + "-0");
        const fs::path abandoned2 = root / (".last.export-" + dead + "-12");
        const fs::path ofRunning = root / (".last.checkpoint-" + alive + "-0");
        const fs::path ofThisProcess = root / (".last.checkpoint-" + self + "-3");
        const fs::path otherFolders = root / (".best.checkpoint-" + dead + "-0");
        const fs::path notStaging = root / (".last.checkpoint-x" + dead + "-0");
        for (const auto& f : {abandoned1, abandoned2, ofRunning, ofThisProcess, otherFolders, notStaging}) {
            fs::create_directories(f);
            std::ofstream(f / "model.safetensors") << "half";
        }
        const fs::path aFile = root / (".last.checkpoint-" + dead + "-1");
        std::ofstream(aFile) << "a file, not a staging folder";

        QCOMPARE(headliner::io::removeAbandonedStagingFolders(root / "last"), std::size_t(2));
        QVERIFY(!fs::exists(abandoned1));
        QVERIFY(!fs::exists(abandoned2));
        for (const auto& f : {ofRunning, ofThisProcess, otherFolders, notStaging, aFile, root / "last"})
            QVERIFY2(fs::exists(f), f.c_str());
        QCOMPARE(headliner::io::removeAbandonedStagingFolders(root / "best"), std::size_t(1));
        QVERIFY(!fs::exists(otherFolders));
        QCOMPARE(headliner::io::removeAbandonedStagingFolders(root / "missing" / "last"), std::size_t(0));
        running.kill();
        running.waitForFinished(10000);
    }
};

QTEST_GUILESS_MAIN(TestFolderLock)
#include "tst_folder_lock.moc"
