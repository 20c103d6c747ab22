<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>headliner::ui::AboutDialog</name>
    <message>
        <source>About Headliner</source>
        <translation>Tentang Headliner</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Headliner %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Headliner %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Fine-tune transformer text classifiers on your own computer: browse a dataset, train with live curves, try headlines, export the model in Hugging Face format.</source>
        <translation>Latih ulang pengklasifikasi teks transformer di komputer Anda sendiri: jelajahi dataset, latih dengan kurva langsung, coba judul berita, ekspor model dalam format Hugging Face.</translation>
    </message>
    <message numerus="yes">
        <source>available (%n device(s))</source>
        <translation>
            <numerusform>tersedia (%n perangkat)</numerusform></translation>
    </message>
    <message>
        <source>not available: training runs on the CPU</source>
        <translation>tidak tersedia: pelatihan berjalan di CPU</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>sentencepiece</source>
        <translation>sentencepiece</translation>
    </message>
    <message>
        <source>utf8proc</source>
        <translation>utf8proc</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>Utas CPU</translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>Salin ke papan klip</translation>
    </message>
</context>
<context>
    <name>headliner::ui::DatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Browse the texts and labels you will train on.</source>
        <translation>Jelajahi teks dan label yang akan Anda gunakan untuk melatih.</translation>
    </message>
    <message>
        <source>No dataset is open yet.
AG News CSV, JSONL and fastText files will open here.</source>
        <translation>Belum ada dataset yang dibuka.
Berkas AG News CSV, JSONL, dan fastText akan dibuka di sini.</translation>
    </message>
</context>
<context>
    <name>headliner::ui::ExportPage</name>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>Save the final model as a Hugging Face folder.</source>
        <translation>Simpan model akhir sebagai folder Hugging Face.</translation>
    </message>
    <message>
        <source>A finished training run can be exported here.</source>
        <translation>Sesi pelatihan yang sudah selesai dapat diekspor di sini.</translation>
    </message>
</context>
<context>
    <name>headliner::ui::MainWindow</name>
    <message>
        <source>Headliner</source>
        <translation>Headliner</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Latih</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Prediksi</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ban&amp;tuan</translation>
    </message>
    <message>
        <source>&amp;About Headliner</source>
        <translation>&amp;Tentang Headliner</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Tentang &amp;Qt</translation>
    </message>
</context>
<context>
    <name>headliner::ui::PredictPage</name>
    <message>
        <source>Predict</source>
        <translation>Prediksi</translation>
    </message>
    <message>
        <source>Type a headline and see which category the model gives it.</source>
        <translation>Ketik judul berita dan lihat kategori yang diberikan model.</translation>
    </message>
    <message>
        <source>Train or open a model first; then type a headline here.</source>
        <translation>Latih atau buka model terlebih dahulu, lalu ketik judul berita di sini.</translation>
    </message>
</context>
<context>
    <name>headliner::ui::TrainPage</name>
    <message>
        <source>Train</source>
        <translation>Latih</translation>
    </message>
    <message>
        <source>Fine-tune a model and watch its loss and accuracy per epoch.</source>
        <translation>Latih ulang model dan pantau loss serta akurasinya per epoch.</translation>
    </message>
    <message>
        <source>Open a dataset first; the training settings and live charts appear here.</source>
        <translation>Buka dataset terlebih dahulu; pengaturan pelatihan dan grafik langsung muncul di sini.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Fine-tune transformer text classifiers.</source>
        <translation>Latih ulang pengklasifikasi teks transformer.</translation>
    </message>
    <message>
        <source>Open the built-in demo.</source>
        <translation>Buka demo bawaan.</translation>
    </message>
    <message>
        <source>User interface language (en, id).</source>
        <translation>Bahasa antarmuka (en, id).</translation>
    </message>
</context>
</TS>