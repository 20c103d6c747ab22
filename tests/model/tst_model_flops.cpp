// The matrix-product work the Trainer reports as achieved FLOP/s (SequenceClassifier::
// forwardFlops): DistilBERT's count against a count by hand for a small shape, with the last
// layer for [CLS] only and with every row, and the n-gram baseline's.
#include <QTest>

#include "core/model/DistilBert.h"
#include "core/model/NgramBaseline.h"

using namespace headliner::model;

class TestModelFlops : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void distilBertCountsEveryMatrixProduct() {
        ModelConfig c;
        c.dim = 32, c.nLayers = 2, c.nHeads = 4, c.hiddenDim = 64, c.vocabSize = 100;
        c.labels = {"a", "b", "c", "d"};
        DistilBertForSequenceClassification m(c);
        // By hand, per sequence of 7 ids, in multiply-adds (D 32, F 64):
        //   a full layer: 7 x (4 x 32² + 2 x 32 x 64) + 2 x 7² x 32          = 57,344 + 3,136 = 60,480
        //   the [CLS]-only layer: 7 x 2 x 32² + (2 x 32² + 2 x 32 x 64) + 2 x 7 x 32
        //                                                                     = 14,336 + 6,144 + 448 = 20,928
        //   the head: 32² + 32 x 4                                            = 1,152
        // Three sequences, two operations per multiply-add.
        m->lastLayerForClsOnly = false;
        QCOMPARE(m->forwardFlops(3, 7), 2.0 * 3 * (60480 + 60480 + 1152));
        m->lastLayerForClsOnly = true;
        QCOMPARE(m->forwardFlops(3, 7), 2.0 * 3 * (60480 + 20928 + 1152));
        QCOMPARE(m->forwardFlops(0, 7), 0.0);
        // DistilBERT-base, batch 64 x 64 ids: 6 x 459.3 M + 0.6 M multiply-adds per sequence with
        // every row, 0.353 TFLOP forward for the batch.
        ModelConfig base;
        base.labels = c.labels;
        DistilBertForSequenceClassification b(base);
        b->lastLayerForClsOnly = false;
        const double full = b->forwardFlops(64, 64);
        QVERIFY2(full > 0.35e12 && full < 0.355e12, qPrintable(QString::number(full)));
        b->lastLayerForClsOnly = true;
        QVERIFY(b->forwardFlops(64, 64) < 0.9 * full);  // one layer of six mostly skipped
    }

    void ngramCountsTheBagAndTheLinearLayer() {
        NgramBaseline m(NgramConfig{1000, 10, {"a", "b", "c", "d"}});
        QCOMPARE(m->forwardFlops(32, 50), 2.0 * 32 * (50 * 10 + 10 * 4));
    }
};

QTEST_GUILESS_MAIN(TestModelFlops)
#include "tst_model_flops.moc"
