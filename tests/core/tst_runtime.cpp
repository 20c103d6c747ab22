// The numeric runtime: thread count (LibTorch picks 1 thread on 2-vCPU machines), per-thread
// thread counts, handing freed memory back, version reporting, and the LibTorch-version
// compatibility layer.
#include <QTest>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/BuildInfo.h"
#include "core/Runtime.h"
#include "core/TorchCompat.h"

class TestRuntime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threadsFollowAvailableCores() {
        qunsetenv("HEADLINER_THREADS");
        const int n = headliner::initRuntime();
        QCOMPARE(n, headliner::availableCores());
        QCOMPARE(torch::get_num_threads(), headliner::availableCores());
    }

    void threadsFromOptionsAndEnvironment() {
        qunsetenv("HEADLINER_THREADS");
        QCOMPARE(headliner::initRuntime({.threads = 1}), 1);
        qputenv("HEADLINER_THREADS", "3");
        QCOMPARE(headliner::initRuntime({.threads = 1}), 3);
        qputenv("HEADLINER_THREADS", "not-a-number");  // ignored, not a crash
        QCOMPARE(headliner::initRuntime({.threads = 2}), 2);
        qunsetenv("HEADLINER_THREADS");
        headliner::initRuntime();
    }

    // A scope's thread count is its thread's: a thread that makes its first parallel call
    // meanwhile (the app's prediction thread during an n-gram run) gets the process's number.
    void scopedThreadsStayInTheirThread() {
        qunsetenv("HEADLINER_THREADS");
        QCOMPARE(headliner::initRuntime({.threads = 2}), 2);
        int inScope = 0, otherThread = 0;
        {
            const headliner::ScopedThreads one(1);
            inScope = torch::get_num_threads();
            std::thread other([&] { otherThread = torch::get_num_threads(); });
            other.join();
        }
        QCOMPARE(inScope, 1);
        QCOMPARE(otherThread, 2);
        QCOMPARE(torch::get_num_threads(), 2);  // put back
        std::thread later([&] { otherThread = torch::get_num_threads(); });
        later.join();
        QCOMPARE(otherThread, 2);
        headliner::initRuntime();
    }

    // Freed heap memory below a block still in use stays resident until returnFreedMemory
    // hands its pages back; not while a RetainFreedMemory asks to keep it.
    void returnFreedMemoryShrinksTheResidentSet() {
        auto residentMiB = [] {
            std::ifstream statm("/proc/self/statm");
            long pages = 0, resident = 0;
            statm >> pages >> resident;
            return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
        };
        auto fillHeap = [] {
            std::vector<char*> blocks;
            for (int i = 0; i < 3000; ++i) {  // 3,000 x 64 KiB: below the mmap threshold, so heap
                blocks.push_back(static_cast<char*>(std::malloc(64 * 1024)));
                std::memset(blocks.back(), 1, 64 * 1024);
            }
            for (std::size_t i = 0; i + 1 < blocks.size(); ++i) std::free(blocks[i]);
            return blocks.back();  // the last block keeps the heap's top in use
        };
        {
            const headliner::RetainFreedMemory keep;
            char* last = fillHeap();
            const double before = residentMiB();
            headliner::returnFreedMemory();
            QVERIFY2(residentMiB() > before - 20, "kept while a RetainFreedMemory lives");
            std::free(last);
        }
        char* last = fillHeap();
        const double before = residentMiB();
        headliner::returnFreedMemory();
        const double after = residentMiB();
        std::free(last);
        qInfo("resident: %.0f MiB before, %.0f MiB after returnFreedMemory", before, after);
        QVERIFY2(after < before - 150, qPrintable(QStringLiteral("%1 -> %2 MiB").arg(before).arg(after)));
    }

    void buildInfoNamesTheLibraries() {
        const auto info = headliner::buildInfo();
        QVERIFY(!info.headliner.empty());
        QCOMPARE(QString::fromStdString(info.libtorch).section(QLatin1Char('.'), 0, 0).toInt(),
                 TORCH_VERSION_MAJOR);
        QVERIFY2(info.sentencepiece.find('.') != std::string::npos, info.sentencepiece.c_str());
        QVERIFY(!info.utf8proc.empty());
        QCOMPARE(info.cudaAvailable, torch::cuda::is_available());
        const std::string line = headliner::versionLine();
        QVERIFY2(line.rfind("Headliner " + info.headliner + " (LibTorch " + info.libtorch, 0) == 0, line.c_str());
        QVERIFY(line.find("sentencepiece " + info.sentencepiece) != std::string::npos);
    }

    // The attention wrapper must equal softmax(q kᵀ/√d + mask) v in every LibTorch version.
    void attentionMatchesPlainFormula() {
        torch::manual_seed(7);
        const int64_t B = 2, H = 3, T = 5, D = 8;
        auto q = torch::randn({B, H, T, D}), k = torch::randn({B, H, T, D}), v = torch::randn({B, H, T, D});
        // Second sequence: the last two positions are padding.
        auto keep = torch::ones({B, 1, 1, T});
        keep.index_put_({1, 0, 0, torch::indexing::Slice(3, T)}, 0);
        auto mask = (1 - keep) * -1e30;
        auto got = headliner::compat::scaledDotProductAttention(q, k, v, mask, 0.0);
        auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(D)) + mask;
        auto want = torch::matmul(torch::softmax(scores, -1), v);
        QCOMPARE(got.sizes(), want.sizes());
        const double err = (got - want).abs().max().item<double>();
        QVERIFY2(err < 1e-5, qPrintable(QStringLiteral("max abs error %1").arg(err)));
    }

    void autocastGuardScopesAndRestores() {
        QVERIFY(!headliner::compat::isAutocastEnabled(c10::DeviceType::CPU));
        auto a = torch::randn({4, 4}), b = torch::randn({4, 4});
        {
            headliner::compat::AutocastGuard guard(c10::DeviceType::CPU, at::kBFloat16);
            QVERIFY(headliner::compat::isAutocastEnabled(c10::DeviceType::CPU));
            QCOMPARE(torch::mm(a, b).scalar_type(), at::kBFloat16);
        }
        QVERIFY(!headliner::compat::isAutocastEnabled(c10::DeviceType::CPU));
        QCOMPARE(torch::mm(a, b).scalar_type(), at::kFloat);
        {
            headliner::compat::AutocastGuard off(c10::DeviceType::CPU, at::kBFloat16, /*enabled=*/false);
            QCOMPARE(torch::mm(a, b).scalar_type(), at::kFloat);
        }
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
