<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>headliner::ui::AboutDialog</name>
    <message numerus="yes">
        <source>available (%n device(s))</source>
        <translation>
            <numerusform>available (%n device)</numerusform>
            <numerusform>available (%n devices)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>headliner::ui::DatasetPage</name>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Training file (%n row(s))</source>
        <translation>
            <numerusform>Training file (%n row)</numerusform>
            <numerusform>Training file (%n rows)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Test file (%n row(s))</source>
        <translation>
            <numerusform>Test file (%n row)</numerusform>
            <numerusform>Test file (%n rows)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) repeat an earlier row&apos;s text exactly</source>
        <translation>
            <numerusform>%n row repeats an earlier row&apos;s text exactly</numerusform>
            <numerusform>%n rows repeat an earlier row&apos;s text exactly</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n with another class)</source>
        <translation>
            <numerusform> (%n with another class)</numerusform>
            <numerusform> (%n with another class)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more differ only in case, spacing or punctuation</source>
        <translation>
            <numerusform>%n more differs only in case, spacing or punctuation</numerusform>
            <numerusform>%n more differ only in case, spacing or punctuation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n test row(s) also appear in the training file: test accuracy will look better than it is</source>
        <translation>
            <numerusform>%n test row also appears in the training file: test accuracy will look better than it is</numerusform>
            <numerusform>%n test rows also appear in the training file: test accuracy will look better than it is</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bad row(s) skipped while reading:</source>
        <translation>
            <numerusform>%n bad row skipped while reading:</numerusform>
            <numerusform>%n bad rows skipped while reading:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>headliner::ui::HubDialog</name>
    <message numerus="yes">
        <source>%n result(s).</source>
        <translation>
            <numerusform>%n result.</numerusform>
            <numerusform>%n results.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>headliner::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n training row(s), %1 classes</source>
        <translation>
            <numerusform>%n training row, %1 classes</numerusform>
            <numerusform>%n training rows, %1 classes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>headliner::ui::PredictPage</name>
    <message numerus="yes">
        <source>%n prediction(s) written to %1.</source>
        <translation>
            <numerusform>%n prediction written to %1.</numerusform>
            <numerusform>%n predictions written to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>headliner::ui::TrainPage</name>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU (%n thread)</numerusform>
            <numerusform>CPU (%n threads)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluated on the test file (%n row(s)).</source>
        <translation>
            <numerusform>Evaluated on the test file (%n row).</numerusform>
            <numerusform>Evaluated on the test file (%n rows).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Step %1, epoch %2: accuracy %3%, macro-F1 %4%, loss %5 on %n row(s).</source>
        <translation>
            <numerusform>Step %1, epoch %2: accuracy %3%, macro-F1 %4%, loss %5 on %n row.</numerusform>
            <numerusform>Step %1, epoch %2: accuracy %3%, macro-F1 %4%, loss %5 on %n rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1: %2, %n step(s).</source>
        <translation>
            <numerusform>Run %1: %2, %n step.</numerusform>
            <numerusform>Run %1: %2, %n steps.</numerusform>
        </translation>
    </message>
</context>
</TS>
