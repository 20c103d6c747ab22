// The Hugging Face hub client against a real local HTTP server (tests/hub/hub_server.py) that
// answers like huggingface.co: the cache layout byte for byte as huggingface_hub makes it,
// reuse without requests, resuming after a dropped connection and after a cancel, offline and
// no-network fallbacks, gated repos and the token, hostile names from the server.
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/hub/HubClient.h"
#include "hub/HubTestServer.h"
#include "support/SharedData.h"

namespace fs = std::filesystem;
using namespace headliner::hub;
using headliner::test::HubTestServer;

namespace {

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string sharedFile(const char* relative) {
    return readAll(headliner::test::sharedPath(QString::fromLatin1(relative)).toStdString());
}

std::string gitBlobSha1(const std::string& data) {
    QByteArray blob = "blob " + QByteArray::number(qulonglong(data.size()));
    blob.append('\0');
    blob.append(data.data(), qsizetype(data.size()));
    return QCryptographicHash::hash(blob, QCryptographicHash::Sha1).toHex().toStdString();
}

std::string sha256Hex(const std::string& data) {
    return QCryptographicHash::hash(QByteArray(data.data(), qsizetype(data.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

// Sets (or unsets) environment variables for one scope.
class EnvGuard {
public:
    ~EnvGuard() {
        for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
            if (it->second.isNull())
                qunsetenv(it->first.constData());
            else
                qputenv(it->first.constData(), it->second);
        }
    }
    void set(const char* name, const std::string& value) {
        save(name);
        qputenv(name, QByteArray::fromStdString(value));
    }
    void unset(const char* name) {
        save(name);
        qunsetenv(name);
    }

private:
    void save(const char* name) {
        saved_.emplace_back(name, qEnvironmentVariableIsSet(name) ? qgetenv(name) : QByteArray());
    }
    std::vector<std::pair<QByteArray, QByteArray>> saved_;
};

const char* const kHfVariables[] = {"HF_ENDPOINT",
                                    "HF_HOME",
                                    "HF_HUB_CACHE",
                                    "HUGGINGFACE_HUB_CACHE",
                                    "HF_TOKEN",
                                    "HF_TOKEN_PATH",
                                    "HUGGING_FACE_HUB_TOKEN",
                                    "HF_HUB_OFFLINE",
                                    "TRANSFORMERS_OFFLINE",
                                    "XDG_CACHE_HOME",
                                    "HF_HUB_ETAG_TIMEOUT",
                                    "HF_HUB_DOWNLOAD_TIMEOUT"};

#define EXPECT_HUB_ERROR(expr, expectedKind, messageVar)                                             \
    do {                                                                                             \
        bool thrown_ = false;                                                                        \
        try {                                                                                        \
            (void)(expr);                                                                            \
        } catch (const HubError& e_) {                                                               \
            thrown_ = true;                                                                          \
            messageVar = e_.what();                                                                  \
            QVERIFY2(e_.kind() == (expectedKind),                                                    \
                     qPrintable(QStringLiteral("kind %1: %2").arg(toString(e_.kind()), e_.what()))); \
        }                                                                                            \
        QVERIFY2(thrown_, "no HubError thrown by " #expr);                                           \
    } while (false)

}  // namespace

class TestHubClient : public QObject {
    Q_OBJECT

    HubTestServer server_;
    EnvGuard env_;

    HubSettings settingsIn(const QTemporaryDir& dir) const {
        HubSettings s;
        s.endpoint = server_.endpoint();
        s.cacheDir = fs::path(dir.path().toStdString()) / "hub";
        s.etagTimeoutSeconds = 5;
        s.downloadTimeoutSeconds = 5;
        return s;
    }

    std::string commitOf(const char* key) {
        return server_.repo(QString::fromLatin1(key))
            .value(QStringLiteral("commit"))
            .toString()
            .toStdString();
    }
    QJsonObject filesOf(const char* key) {
        return server_.repo(QString::fromLatin1(key)).value(QStringLiteral("files")).toObject();
    }
    std::string etagOf(const char* key, const char* file) {
        return filesOf(key)
            .value(QString::fromLatin1(file))
            .toObject()
            .value(QStringLiteral("etag"))
            .toString()
            .toStdString();
    }

private Q_SLOTS:
    void initTestCase() {
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        for (const char* name : kHfVariables) env_.unset(name);
        env_.set("NO_PROXY",
                 "127.0.0.1,localhost");  // a proxy in the environment must not see the local server
        env_.set("no_proxy", "127.0.0.1,localhost");
        const QString why = server_.start();
        if (why.startsWith(QStringLiteral("python3 not found")))
            QSKIP(qPrintable(QStringLiteral("SKIPPING: ") + why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void cleanupTestCase() { server_.stop(); }

    // Search by name: the hub's listing API; ids that are not repository ids are dropped.
    void searchesByName() {
        QTemporaryDir dir;
        const auto settings = settingsIn(dir);
        const auto models = searchRepos("tiny", RepoType::Model, 10, settings);
        QVERIFY(models.size() >= 2);
        std::vector<std::string> ids;
        for (const auto& m : models) ids.push_back(m.id);
        QVERIFY(std::find(ids.begin(), ids.end(), "test-org/tiny") != ids.end());
        QVERIFY(std::find(ids.begin(), ids.end(), "test-org/old-tiny") != ids.end());
        for (const auto& m : models) QVERIFY(m.downloads > 0);
        QCOMPARE(searchRepos("tiny", RepoType::Model, 1, settings).size(), std::size_t(1));
        const auto gated = searchRepos("gated", RepoType::Model, 10, settings);
        QCOMPARE(gated.size(), std::size_t(1));
        QVERIFY(gated[0].gated);
        const auto datasets = searchRepos("ag_news", RepoType::Dataset, 10, settings);
        QCOMPARE(datasets.size(), std::size_t(1));
        QCOMPARE(datasets[0].id, std::string("sh0416/ag_news"));
        QVERIFY(searchRepos("no-such-thing", RepoType::Model, 10, settings).empty());
        for (const auto& m : searchRepos("evil", RepoType::Model, 10, settings)) QVERIFY(isValidRepoId(m.id));
        auto offline = settings;
        offline.offline = true;
        std::string message;
        EXPECT_HUB_ERROR(searchRepos("tiny", RepoType::Model, 10, offline), HubError::Kind::Offline, message);
        auto dead = settings;
        dead.endpoint = server_.deadEndpoint();
        EXPECT_HUB_ERROR(searchRepos("tiny", RepoType::Model, 10, dead), HubError::Kind::Network, message);
    }

    void init() {
        server_.command("slow 0");
        server_.reset();
    }

    // --- pure functions ----------------------------------------------------------------------

    void repoFolderNames() {
        QCOMPARE(repoFolderName("test-org/tiny", RepoType::Model), std::string("models--test-org--tiny"));
        QCOMPARE(repoFolderName("sh0416/ag_news", RepoType::Dataset),
                 std::string("datasets--sh0416--ag_news"));
        QCOMPARE(repoFolderName("distilbert-base-uncased", RepoType::Model),
                 std::string("models--distilbert-base-uncased"));
        QString message;
        EXPECT_HUB_ERROR(repoFolderName("../etc", RepoType::Model), HubError::Kind::InvalidArgument, message);
        EXPECT_HUB_ERROR(repoFolderName("a/b/c", RepoType::Model), HubError::Kind::InvalidArgument, message);
    }

    void hostileNamesAreRefused() {
        for (const std::string& bad : std::vector<std::string>{
                 "../../evil", "/etc/passwd", "a/../b", "a//b", "a\\b", "..", ".", "./a", "a/.", "a/", "",
                 "\x01x", "a\x7f", std::string("a\0b", 3), std::string(2000, 'a')})
            QVERIFY2(!isSafeRepoFilename(bad), bad.c_str());
        for (const std::string good :
             {"config.json", "extra/notes.txt", "a..b.txt", ".gitattributes", "1_Pooling/config.json"})
            QVERIFY2(isSafeRepoFilename(good), good.c_str());

        QVERIFY(!normalizeEtag("\"abc/def\""));
        QVERIFY(!normalizeEtag("\"../../escape\""));
        QVERIFY(!normalizeEtag("\"\""));
        QVERIFY(!normalizeEtag("\"-abc\""));
        QVERIFY(!normalizeEtag("\"a.b\""));
        QVERIFY(!normalizeEtag(std::string("\"ab\0c\"", 6)));
        QVERIFY(!normalizeEtag("\"" + std::string(200, 'a') + "\""));
        QCOMPARE(*normalizeEtag("W/\"0123abc\""), std::string("0123abc"));
        QCOMPARE(*normalizeEtag("\"be8d3e53ef1f7ce07bcf3ce2914dff0cab421e7d\""),
                 std::string("be8d3e53ef1f7ce07bcf3ce2914dff0cab421e7d"));
        QCOMPARE(*normalizeEtag("abc-12"), std::string("abc-12"));

        for (const std::string& bad :
             std::vector<std::string>{"../main", "a/../b", "/main", "main/", ".hidden", "a b", "a\\b",
                                      "x.lock", "", "main\n", std::string(300, 'a')})
            QVERIFY2(!isValidRevision(bad), bad.c_str());
        for (const std::string good :
             {"main", "refs/pr/1", "v1.0", "2056edd63ad89da89c6a9df4c4a27901d27f2a96"})
            QVERIFY2(isValidRevision(good), good.c_str());

        QVERIFY(!isValidCommit("../x"));
        QVERIFY(!isValidCommit("abc/def"));
        QVERIFY(!isValidCommit(""));
        QVERIFY(!isValidCommit("abc\n"));
        QVERIFY(isValidCommit("2056edd63ad89da89c6a9df4c4a27901d27f2a96"));
        QVERIFY(isCommitHash("2056edd63ad89da89c6a9df4c4a27901d27f2a96"));
        QVERIFY(!isCommitHash("main"));

        for (const std::string bad : {"../x", "a/b/c", "a--b", "/abs", "org/", "-x", "x.", "a b", ""})
            QVERIFY2(!isValidRepoId(bad), bad.c_str());
        for (const std::string good :
             {"org/name", "gpt2", "sh0416/ag_news", "distilbert/distilbert-base-uncased"})
            QVERIFY2(isValidRepoId(good), good.c_str());
    }

    // Random strings over a hostile alphabet: whatever passes a check stays inside its folder.
    void fuzzedNamesStayInside() {
        std::mt19937 rng(1234);
        const std::string alphabet = std::string("ab./\\-_~ \x01") + '\0';
        const fs::path root = "/cache/models--o--n";
        for (int i = 0; i < 20000; ++i) {
            std::string s(std::size_t(rng() % 12), 'x');
            for (char& c : s) c = alphabet[rng() % alphabet.size()];
            if (isSafeRepoFilename(s)) {
                const fs::path p = (root / "snapshots" / "c" / s).lexically_normal();
                QVERIFY2(p.string().rfind((root / "snapshots" / "c").string() + "/", 0) == 0, s.c_str());
                QVERIFY(s.find('\0') == std::string::npos && s.find('\\') == std::string::npos);
            }
            if (isValidRevision(s)) {
                const fs::path p = (root / "refs" / s).lexically_normal();
                QVERIFY2(p.string().rfind((root / "refs").string() + "/", 0) == 0, s.c_str());
            }
            if (const auto e = normalizeEtag("\"" + s + "\"")) {
                QVERIFY2(e->find_first_of("/.\\") == std::string::npos && !e->empty(), s.c_str());
            }
            if (isValidCommit(s)) QVERIFY(s.find_first_of("/.\\") == std::string::npos);
        }
    }

    void globsMatchLikeFnmatch() {
        QVERIFY(matchesGlob("*.json", "config.json"));
        QVERIFY(matchesGlob("*.json", "extra/x.json"));  // fnmatch: '*' crosses '/'
        QVERIFY(!matchesGlob("*.json", "vocab.txt"));
        QVERIFY(matchesGlob("extra/", "extra/notes.txt"));
        QVERIFY(matchesGlob("?ocab.txt", "vocab.txt"));
        QVERIFY(matchesGlob("[tv]*", "vocab.txt"));
        QVERIFY(!matchesGlob("[!tv]*", "vocab.txt"));
        QVERIFY(matchesGlob("[a-c]onfig.json", "config.json"));
        QVERIFY(matchesGlob("a[b", "a[b"));
        QVERIFY(matchesGlob("*", ""));
        QVERIFY(!matchesGlob("a*b*c", "abxbx"));
        QVERIFY(matchesGlob("a*b*c", "axxbyyc"));
        QVERIFY(matchesAnyGlob({}, "anything"));
        QVERIFY(matchesAnyGlob({"*.txt", "*.json"}, "config.json"));
    }

    void settingsFromEnvironment() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        EnvGuard env;
        HubSettings s = HubSettings::fromEnvironment();
        QCOMPARE(s.endpoint, std::string("https://huggingface.co"));
        QVERIFY(!s.offline);

        env.set("XDG_CACHE_HOME", (root / "xdg").string());
        QCOMPARE(HubSettings::fromEnvironment().cacheDir, root / "xdg" / "huggingface" / "hub");
        env.set("HF_HOME", (root / "home").string());
        QCOMPARE(HubSettings::fromEnvironment().cacheDir, root / "home" / "hub");
        env.set("HF_HUB_CACHE", (root / "elsewhere").string());
        QCOMPARE(HubSettings::fromEnvironment().cacheDir, root / "elsewhere");

        QVERIFY(!HubSettings::fromEnvironment().token);
        fs::create_directories(root / "home");
        std::ofstream(root / "home" / "token") << "hf_fromTheFile\n";
        QCOMPARE(*HubSettings::fromEnvironment().token, std::string("hf_fromTheFile"));
        env.set("HF_TOKEN", "hf_fromTheVariable");
        QCOMPARE(*HubSettings::fromEnvironment().token, std::string("hf_fromTheVariable"));

        for (const char* yes : {"1", "true", "ON", "yes"}) {
            env.set("HF_HUB_OFFLINE", yes);
            QVERIFY2(HubSettings::fromEnvironment().offline, yes);
        }
        env.set("HF_HUB_OFFLINE", "0");
        QVERIFY(!HubSettings::fromEnvironment().offline);

        env.set("HF_ENDPOINT", server_.endpoint() + "/");
        QCOMPARE(HubSettings::fromEnvironment().endpoint, server_.endpoint());
    }

    // The default settings argument reads HF_ENDPOINT and HF_HUB_CACHE.
    void downloadThroughEnvironment() {
        QTemporaryDir dir;
        EnvGuard env;
        env.set("HF_ENDPOINT", server_.endpoint());
        env.set("HF_HUB_CACHE", dir.path().toStdString() + "/through-env");
        DownloadOptions o;
        const fs::path file = downloadFile("test-org/tiny", "config.json", o);
        QCOMPARE(file, fs::path(dir.path().toStdString()) / "through-env" / "models--test-org--tiny" /
                           "snapshots" / commitOf("model:test-org/tiny") / "config.json");
        QCOMPARE(readAll(file), sharedFile("data/vocab/distilbert-base-uncased/config.json"));
    }

    // --- the cache layout ----------------------------------------------------------------------

    void snapshotLayoutAsHuggingfaceHub() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        std::vector<DownloadProgress> seen;
        DownloadOptions o;
        o.progress = [&](const DownloadProgress& p) { seen.push_back(p); };
        const fs::path snapshot = downloadSnapshot("test-org/tiny", o, s);

        const std::string commit = commitOf("model:test-org/tiny");
        const fs::path entry = s.cacheDir / "models--test-org--tiny";
        QCOMPARE(snapshot, entry / "snapshots" / commit);
        QCOMPARE(readAll(entry / "refs" / "main"), commit);  // the hash alone, no newline

        const std::map<std::string, std::string> expected = {
            {"config.json", sharedFile("data/vocab/distilbert-base-uncased/config.json")},
            {"tokenizer.json", sharedFile("data/vocab/distilbert-base-uncased/tokenizer.json")},
            {"tokenizer_config.json", sharedFile("data/vocab/distilbert-base-uncased/tokenizer_config.json")},
            {"special_tokens_map.json",
             sharedFile("data/vocab/distilbert-base-uncased/special_tokens_map.json")},
            {"vocab.txt", sharedFile("data/vocab/bert-base-uncased-vocab.txt")},
            {"extra/notes.txt", "a file in a sub-folder\n"},
        };
        const std::set<std::string> lfs = {"tokenizer.json", "vocab.txt"};
        std::set<std::string> blobNames;
        for (const auto& [name, bytes] : expected) {
            const std::string etag = lfs.count(name) ? sha256Hex(bytes) : gitBlobSha1(bytes);
            blobNames.insert(etag);
            const fs::path pointer = snapshot / name;
            QVERIFY2(fs::is_symlink(pointer), name.c_str());
            const std::string up = name.find('/') != std::string::npos ? "../../../" : "../../";
            QCOMPARE(fs::read_symlink(pointer).string(), up + "blobs/" + etag);
            QCOMPARE(readAll(entry / "blobs" / etag), bytes);
            QCOMPARE(readAll(pointer), bytes);
        }
        std::set<std::string> blobs;
        for (const auto& b : fs::directory_iterator(entry / "blobs"))
            blobs.insert(b.path().filename().string());
        QCOMPARE(blobs, blobNames);  // no .incomplete left, nothing else
        std::set<std::string> top;
        for (const auto& b : fs::directory_iterator(entry)) top.insert(b.path().filename().string());
        QCOMPARE(top, (std::set<std::string>{"blobs", "refs", "snapshots"}));
        QVERIFY(fs::is_directory(s.cacheDir / ".locks" / "models--test-org--tiny"));

        // LFS bytes came from the CDN address of the redirect, the others from resolve/.
        QCOMPARE(server_
                     .requestsOf(QStringLiteral("data"),
                                 QStringLiteral("/cdn/") +
                                     QString::fromStdString(sha256Hex(expected.at("vocab.txt"))))
                     .size(),
                 1);
        QCOMPARE(server_
                     .requestsOf(QStringLiteral("data"), QStringLiteral("/resolve/") +
                                                             QString::fromStdString(commit) +
                                                             QStringLiteral("/config.json"))
                     .size(),
                 1);

        // Progress: every file ends with done, bytes == total.
        std::set<std::string> done;
        for (const auto& p : seen) {
            QCOMPARE(p.fileCount, expected.size());
            if (p.done) {
                done.insert(p.file);
                QCOMPARE(p.bytes, p.total);
                QCOMPARE(p.bytes, std::uint64_t(expected.at(p.file).size()));
            }
        }
        QCOMPARE(done.size(), expected.size());

        // Again: the listing only; no metadata request and no byte downloaded.
        server_.reset();
        QCOMPARE(downloadSnapshot("test-org/tiny", o, s), snapshot);
        QCOMPARE(server_.requestsOf(QStringLiteral("data")).size(), 0);
        QCOMPARE(server_.requestsOf(QStringLiteral("head")).size(), 0);
        QCOMPARE(server_.requestsOf(QStringLiteral("api")).size(), 1);
        // One file by branch name: a HEAD, no data.
        server_.reset();
        QCOMPARE(downloadFile("test-org/tiny", "vocab.txt", o, s), snapshot / "vocab.txt");
        QCOMPARE(server_.requestsOf(QStringLiteral("data")).size(), 0);
        QCOMPARE(server_.requestsOf(QStringLiteral("head")).size(), 1);
        // By commit: nothing at all.
        server_.reset();
        DownloadOptions byCommit = o;
        byCommit.revision = commit;
        QCOMPARE(downloadFile("test-org/tiny", "vocab.txt", byCommit, s), snapshot / "vocab.txt");
        QCOMPARE(server_.requests().size(), 0);

        // What the cache reader sees.
        QCOMPARE(*cachedSnapshot("test-org/tiny", RepoType::Model, "main", s), snapshot);
        QCOMPARE(*cachedFile("test-org/tiny", RepoType::Model, "extra/notes.txt", "main", s),
                 snapshot / "extra/notes.txt");
        QVERIFY(!cachedSnapshot("test-org/tiny", RepoType::Model, "v2", s));
        QVERIFY(!cachedSnapshot("test-org/tiny", RepoType::Dataset, "main", s));
    }

    void datasetFilesWithGlobs() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        DownloadOptions o;
        o.type = RepoType::Dataset;
        o.include = {"*.jsonl"};
        const fs::path snapshot = downloadSnapshot("sh0416/ag_news", o, s);
        QCOMPARE(snapshot,
                 s.cacheDir / "datasets--sh0416--ag_news" / "snapshots" / commitOf("dataset:sh0416/ag_news"));
        std::set<std::string> names;
        for (const auto& f : fs::directory_iterator(snapshot)) names.insert(f.path().filename().string());
        QCOMPARE(names, (std::set<std::string>{"test.jsonl", "train.jsonl"}));
        std::ifstream in(snapshot / "train.jsonl");
        std::string line;
        QVERIFY(std::getline(in, line));
        const auto row = nlohmann::json::parse(line);
        QVERIFY(row.contains("label") && row.contains("title") && row.contains("description"));
        QCOMPARE(server_
                     .requestsOf(QStringLiteral("api"),
                                 QStringLiteral("/api/datasets/sh0416/ag_news/revision/main"))
                     .size(),
                 1);
        for (const auto& r : server_.requestsOf(QStringLiteral("head")))
            QVERIFY(r.toObject()
                        .value(QStringLiteral("path"))
                        .toString()
                        .startsWith(QStringLiteral("/datasets/sh0416/ag_news/resolve/")));
    }

    void includeGlobsPickFiles() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        DownloadOptions o;
        o.include = {"*.json"};
        const fs::path snapshot = downloadSnapshot("test-org/tiny", o, s);
        std::set<std::string> names;
        for (const auto& f : fs::recursive_directory_iterator(snapshot))
            if (!f.is_directory()) names.insert(f.path().lexically_relative(snapshot).string());
        QCOMPARE(names, (std::set<std::string>{"config.json", "special_tokens_map.json", "tokenizer.json",
                                               "tokenizer_config.json"}));
        QCOMPARE(server_.requestsOf(QStringLiteral("data"), QStringLiteral("vocab.txt")).size(), 0);
    }

    // --- resuming ------------------------------------------------------------------------------

    void resumesAfterDroppedConnection_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("lfs");
        QTest::newRow("lfs, from the CDN") << QStringLiteral("vocab.txt") << true;
        QTest::newRow("regular, from resolve") << QStringLiteral("config.json") << false;
    }
    void resumesAfterDroppedConnection() {
        QFETCH(QString, file);
        QFETCH(bool, lfs);
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        server_.command("drop " + file.toUtf8());
        std::vector<std::string> notices;
        DownloadOptions o;
        o.notice = [&](const std::string& n) { notices.push_back(n); };
        const fs::path path = downloadFile("test-org/tiny", file.toStdString(), o, s);
        const auto info = filesOf("model:test-org/tiny").value(file).toObject();
        QCOMPARE(QString::fromStdString(sha256Hex(readAll(path))),
                 info.value(QStringLiteral("sha256")).toString());
        const auto gets = server_.requestsOf(QStringLiteral("data"), lfs ? QString() : file);
        QCOMPARE(gets.size(), 2);
        const qint64 half = info.value(QStringLiteral("size")).toInteger() / 2;
        QCOMPARE(gets[0].toObject().value(QStringLiteral("range")).toString(), QString());
        QCOMPARE(gets[1].toObject().value(QStringLiteral("range")).toString(),
                 QStringLiteral("bytes=%1-").arg(half));
        QVERIFY(!notices.empty() && notices.front().find("connection lost") != std::string::npos);
    }

    void cancelKeepsPartialFileAndLaterResumes() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        server_.command("slow 20");
        std::atomic<bool> cancel{false};
        DownloadOptions o;
        o.cancel = &cancel;
        std::uint64_t lastTotal = 0;
        double lastSpeed = 0;
        bool armed = true;
        o.progress = [&](const DownloadProgress& p) {
            lastTotal = p.total;
            if (p.bytes > 0) lastSpeed = p.bytesPerSecond;
            if (armed && p.bytes >= 64 * 1024) cancel = true;
        };
        QString message;
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "vocab.txt", o, s), HubError::Kind::Cancelled,
                         message);
        const std::string sha = etagOf("model:test-org/tiny", "vocab.txt");
        const fs::path incomplete = s.cacheDir / "models--test-org--tiny" / "blobs" / (sha + ".incomplete");
        QVERIFY2(message.contains(QString::fromStdString(incomplete.string())), qPrintable(message));
        QVERIFY(fs::exists(incomplete));
        const auto partial = fs::file_size(incomplete);
        QVERIFY2(partial >= 64 * 1024 && partial < lastTotal, qPrintable(QString::number(partial)));
        QVERIFY(lastSpeed > 0);
        QVERIFY(!fs::exists(s.cacheDir / "models--test-org--tiny" / "blobs" / sha));

        server_.command("slow 0");
        server_.reset();
        cancel = false;
        armed = false;
        const fs::path path = downloadFile("test-org/tiny", "vocab.txt", o, s);
        QCOMPARE(sha256Hex(readAll(path)), sha);
        QVERIFY(!fs::exists(incomplete));
        const auto gets = server_.requestsOf(QStringLiteral("data"));
        QCOMPARE(gets.size(), 1);
        QCOMPARE(gets[0].toObject().value(QStringLiteral("range")).toString(),
                 QStringLiteral("bytes=%1-").arg(partial));
    }

    // Two threads want the same blob: the lock lets one download it; the other reuses it.
    void concurrentDownloadsShareOneTransfer() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        server_.command("slow 5");
        std::vector<fs::path> results(2);
        std::vector<std::string> errors(2);
        std::vector<std::thread> threads;
        for (int i = 0; i < 2; ++i)
            threads.emplace_back([&, i] {
                try {
                    results[std::size_t(i)] =
                        downloadFile("test-org/tiny", "tokenizer.json", DownloadOptions{}, s);
                } catch (const std::exception& e) {
                    errors[std::size_t(i)] = e.what();
                }
            });
        for (auto& t : threads) t.join();
        QVERIFY2(errors[0].empty() && errors[1].empty(), (errors[0] + errors[1]).c_str());
        QCOMPARE(results[0], results[1]);
        QCOMPARE(server_.requestsOf(QStringLiteral("data")).size(), 1);
        QCOMPARE(sha256Hex(readAll(results[0])), etagOf("model:test-org/tiny", "tokenizer.json"));
    }

    // --- errors --------------------------------------------------------------------------------

    void gatedRepoNeedsTheToken() {
        QTemporaryDir dir;
        HubSettings s = settingsIn(dir);
        QString message;
        EXPECT_HUB_ERROR(downloadFile("test-org/gated", "config.json", DownloadOptions{}, s),
                         HubError::Kind::Unauthorized, message);
        QVERIFY2(message.contains(QStringLiteral("HF_TOKEN")) &&
                     message.contains(QStringLiteral("huggingface-cli login")) &&
                     message.contains(QStringLiteral("test-org/gated")),
                 qPrintable(message));

        // A wrong token: the server echoes it in its message; the error must not show it.
        const std::string wrong = "hf_WrongSecretValue_987";
        s.token = wrong;
        std::vector<std::string> notices;
        DownloadOptions o;
        o.notice = [&](const std::string& n) { notices.push_back(n); };
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/gated", o, s), HubError::Kind::Unauthorized, message);
        QVERIFY2(!message.contains(QString::fromStdString(wrong)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("***")), qPrintable(message));  // the echo, redacted
        EXPECT_HUB_ERROR(downloadFile("test-org/gated", "config.json", o, s), HubError::Kind::Unauthorized,
                         message);
        QVERIFY2(!message.contains(QString::fromStdString(wrong)), qPrintable(message));

        // The right token: downloaded; sent to the endpoint, never to the CDN.
        s.token = HubTestServer::kToken;
        server_.reset();
        const fs::path snapshot = downloadSnapshot("test-org/gated", o, s);
        QVERIFY(fs::exists(snapshot / "config.json") && fs::exists(snapshot / "vocab.txt"));
        for (const auto& r : server_.requests()) {
            const auto obj = r.toObject();
            const bool cdn = obj.value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/cdn/"));
            QCOMPARE(obj.value(QStringLiteral("auth")).toBool(), !cdn);
        }
        for (const auto& n : notices) QVERIFY(n.find(HubTestServer::kToken) == std::string::npos);

        // Once cached, a refused request falls back on the cache (as huggingface_hub does), and says why.
        s.token = wrong;
        notices.clear();
        QCOMPARE(downloadSnapshot("test-org/gated", o, s), snapshot);
        QCOMPARE(downloadFile("test-org/gated", "config.json", o, s), snapshot / "config.json");
        QCOMPARE(notices.size(), std::size_t(2));
        for (const auto& n : notices) {
            QVERIFY2(n.find("refused the token") != std::string::npos, n.c_str());
            QVERIFY2(n.find(wrong) == std::string::npos, n.c_str());
        }
    }

    void notFoundSaysWhat() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        QString message;
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/missing", DownloadOptions{}, s), HubError::Kind::NotFound,
                         message);
        QVERIFY2(message.contains(QStringLiteral("test-org/missing")), qPrintable(message));
        EXPECT_HUB_ERROR(downloadFile("test-org/missing", "config.json", DownloadOptions{}, s),
                         HubError::Kind::NotFound, message);
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "nope.json", DownloadOptions{}, s),
                         HubError::Kind::NotFound, message);
        QVERIFY2(message.contains(QStringLiteral("nope.json")) &&
                     message.contains(QStringLiteral("test-org/tiny")),
                 qPrintable(message));
        DownloadOptions o;
        o.revision = "v9";
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/tiny", o, s), HubError::Kind::NotFound, message);
        QVERIFY2(message.contains(QStringLiteral("v9")), qPrintable(message));
        QVERIFY(!fs::exists(s.cacheDir / "models--test-org--missing" / "snapshots"));
    }

    void hostileServerCannotEscapeTheCache() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        HubSettings s = settingsIn(dir);
        s.cacheDir = root / "a" / "b" / "hub";  // "../../evil" from a snapshot would still be inside dir
        QString message;
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/evil", DownloadOptions{}, s),
                         HubError::Kind::InvalidResponse, message);
        QVERIFY2(message.contains(QStringLiteral("../../evil")), qPrintable(message));
        QCOMPARE(server_.requestsOf(QStringLiteral("data")).size(), 0);
        QCOMPARE(server_.requestsOf(QStringLiteral("head")).size(), 0);
        // With a glob that leaves the hostile name out, the rest downloads.
        DownloadOptions o;
        o.include = {"config.json"};
        QVERIFY(fs::exists(downloadSnapshot("test-org/evil", o, s) / "config.json"));

        server_.reset();
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "../../evil", DownloadOptions{}, s),
                         HubError::Kind::InvalidArgument, message);
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "/etc/passwd", DownloadOptions{}, s),
                         HubError::Kind::InvalidArgument, message);
        DownloadOptions badRevision;
        badRevision.revision = "../../../x";
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "config.json", badRevision, s),
                         HubError::Kind::InvalidArgument, message);
        QCOMPARE(server_.requests().size(), 0);  // refused before any request

        EXPECT_HUB_ERROR(downloadFile("test-org/bad-etag", "config.json", DownloadOptions{}, s),
                         HubError::Kind::InvalidResponse, message);
        QVERIFY2(message.contains(QStringLiteral("ETag")), qPrintable(message));
        EXPECT_HUB_ERROR(downloadFile("test-org/bad-commit", "config.json", DownloadOptions{}, s),
                         HubError::Kind::InvalidResponse, message);
        QVERIFY2(message.contains(QStringLiteral("commit")), qPrintable(message));

        // Only the cache folder was written to.
        std::set<std::string> top;
        for (const auto& f : fs::recursive_directory_iterator(root)) {
            const std::string rel = f.path().lexically_relative(root).string();
            QVERIFY2(rel == "a" || rel == "a/b" || rel.rfind("a/b/hub", 0) == 0, rel.c_str());
            QVERIFY2(f.path().filename() != "evil" && f.path().filename() != "escape" &&
                         f.path().filename() != "outside",
                     rel.c_str());
        }
    }

    void corruptDownloadIsRefused() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        QString message;
        EXPECT_HUB_ERROR(downloadFile("test-org/corrupt", "weights.bin", DownloadOptions{}, s),
                         HubError::Kind::Integrity, message);
        QVERIFY2(
            message.contains(QStringLiteral("sha256")) && message.contains(QStringLiteral("weights.bin")),
            qPrintable(message));
        const fs::path blobs = s.cacheDir / "models--test-org--corrupt" / "blobs";
        QVERIFY(!fs::exists(blobs) || fs::is_empty(blobs));
    }

    void renamedRepoFollowsRelativeRedirect() {
        QTemporaryDir dir;
        const HubSettings s = settingsIn(dir);
        const fs::path file = downloadFile("test-org/old-tiny", "config.json", DownloadOptions{}, s);
        QCOMPARE(readAll(file), sharedFile("data/vocab/distilbert-base-uncased/config.json"));
        QCOMPARE(readAll(s.cacheDir / "models--test-org--old-tiny" / "refs" / "main"),
                 commitOf("model:test-org/tiny"));
    }

    void cannotWriteNamesThePath() {
        QTemporaryDir dir;
        HubSettings s = settingsIn(dir);
        const fs::path blocker = fs::path(dir.path().toStdString()) / "a-file";
        std::ofstream(blocker) << "not a folder";
        s.cacheDir = blocker / "hub";  // works even as root, unlike a read-only folder
        QString message;
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "config.json", DownloadOptions{}, s),
                         HubError::Kind::Disk, message);
        QVERIFY2(message.contains(QString::fromStdString(blocker.string())), qPrintable(message));
    }

    // --- without network -----------------------------------------------------------------------

    void offlineUsesTheCache() {
        QTemporaryDir dir;
        HubSettings s = settingsIn(dir);
        const fs::path snapshot = downloadSnapshot("test-org/tiny", DownloadOptions{}, s);
        s.offline = true;
        server_.reset();
        std::vector<std::string> notices;
        DownloadOptions o;
        o.notice = [&](const std::string& n) { notices.push_back(n); };
        QCOMPARE(downloadSnapshot("test-org/tiny", o, s), snapshot);
        QCOMPARE(downloadFile("test-org/tiny", "vocab.txt", o, s), snapshot / "vocab.txt");
        QCOMPARE(server_.requests().size(), 0);
        QVERIFY(!notices.empty() && notices.front().find("offline") != std::string::npos);

        QString message;
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "missing.bin", o, s), HubError::Kind::Offline,
                         message);
        QVERIFY2(message.contains(QStringLiteral("HF_HUB_OFFLINE")) &&
                     message.contains(QStringLiteral("missing.bin")),
                 qPrintable(message));
        o.include = {"*.safetensors"};
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/tiny", o, s), HubError::Kind::Offline, message);
        o.include.clear();
        EXPECT_HUB_ERROR(downloadSnapshot("sh0416/ag_news", o, s), HubError::Kind::Offline,
                         message);  // a model, not a dataset
        QVERIFY2(message.contains(QStringLiteral("not in the cache")), qPrintable(message));
        EXPECT_HUB_ERROR(listRepoFiles("test-org/tiny", o, s), HubError::Kind::Offline, message);
        QCOMPARE(server_.requests().size(), 0);
    }

    void noNetworkFallsBackOrSaysSo() {
        QTemporaryDir dir;
        HubSettings s = settingsIn(dir);
        s.endpoint = server_.deadEndpoint();
        QString message;
        EXPECT_HUB_ERROR(downloadSnapshot("test-org/tiny", DownloadOptions{}, s), HubError::Kind::Network,
                         message);
        QVERIFY2(
            message.contains(QStringLiteral("could not connect to ") + QString::fromStdString(s.endpoint)),
            qPrintable(message));
        EXPECT_HUB_ERROR(downloadFile("test-org/tiny", "config.json", DownloadOptions{}, s),
                         HubError::Kind::Network, message);
        QVERIFY2(message.contains(QStringLiteral("not in the cache")), qPrintable(message));

        // Once cached, the same calls succeed from the cache and say so.
        s.endpoint = server_.endpoint();
        const fs::path snapshot = downloadSnapshot("test-org/tiny", DownloadOptions{}, s);
        s.endpoint = server_.deadEndpoint();
        s.token = HubTestServer::kToken;
        std::vector<std::string> notices;
        DownloadOptions o;
        o.notice = [&](const std::string& n) { notices.push_back(n); };
        QCOMPARE(downloadSnapshot("test-org/tiny", o, s), snapshot);
        QCOMPARE(downloadFile("test-org/tiny", "tokenizer.json", o, s), snapshot / "tokenizer.json");
        QCOMPARE(notices.size(), std::size_t(2));
        QVERIFY2(notices[0].find("could not connect") != std::string::npos, notices[0].c_str());
        QVERIFY(notices[0].find(HubTestServer::kToken) == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHubClient)
#include "tst_hub_client.moc"
