<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>QObject</name>
    <message>
        <source>WordPiece tokens</source>
        <translation>token WordPiece</translation>
    </message>
    <message>
        <source>words and punctuation</source>
        <translation>kata dan tanda baca</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 bukan folder</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder</source>
        <translation>%1 sudah ada dan bukan folder</translation>
    </message>
    <message>
        <source>%1 holds other files; choose an empty folder or a model folder to replace</source>
        <translation>%1 berisi berkas lain; pilih folder kosong atau folder model yang akan diganti</translation>
    </message>
</context>
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
            <numerusform>tersedia (%n perangkat)</numerusform>
        </translation>
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
        <source>BLAS kernels</source>
        <translation>Kernel BLAS</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>Salin ke papan klip</translation>
    </message>
</context>
<context>
    <name>headliner::ui::DatasetModel</name>
    <message>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Kelas</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Karakter</translation>
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
        <source>&amp;Open dataset…</source>
        <translation>B&amp;uka dataset…</translation>
    </message>
    <message>
        <source>AG News CSV, Hugging Face JSONL, generic CSV/TSV/JSONL or fastText; plain or .xz (Ctrl+O)</source>
        <translation>AG News CSV, Hugging Face JSONL, CSV/TSV/JSONL umum, atau fastText; biasa atau .xz (Ctrl+O)</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Terbaru</translation>
    </message>
    <message>
        <source>Built-in &amp;demo</source>
        <translation>&amp;Demo bawaan</translation>
    </message>
    <message>
        <source>News headlines written for Headliner: 4 classes, a training and a test file</source>
        <translation>Judul berita yang ditulis untuk Headliner: 4 kelas, satu berkas pelatihan dan satu berkas uji</translation>
    </message>
    <message>
        <source>Which file of the dataset the table shows</source>
        <translation>Berkas dataset yang ditampilkan tabel</translation>
    </message>
    <message>
        <source>Show the rows of one class only</source>
        <translation>Tampilkan baris dari satu kelas saja</translation>
    </message>
    <message>
        <source>Search texts…</source>
        <translation>Cari teks…</translation>
    </message>
    <message>
        <source>Select a row to read its whole text.</source>
        <translation>Pilih baris untuk membaca teksnya secara utuh.</translation>
    </message>
    <message>
        <source>No dataset is open yet.
Open a file, drop one here, or start with the built-in demo.</source>
        <translation>Belum ada dataset yang dibuka.
Buka berkas, letakkan berkas di sini, atau mulai dengan demo bawaan.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n baris</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Membaca %1…</translation>
    </message>
    <message>
        <source>Could not open the dataset.</source>
        <translation>Dataset tidak dapat dibuka.</translation>
    </message>
    <message>
        <source>The dataset could not be opened:
%1</source>
        <translation>Dataset tidak dapat dibuka:
%1</translation>
    </message>
    <message>
        <source>Open dataset</source>
        <translation>Buka dataset</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.jsonl *.json *.txt *.xz);;All files (*)</source>
        <translation>Dataset (*.csv *.tsv *.jsonl *.json *.txt *.xz);;Semua berkas (*)</translation>
    </message>
    <message numerus="yes">
        <source>Training file (%n row(s))</source>
        <translation>
            <numerusform>Berkas pelatihan (%n baris)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Test file (%n row(s))</source>
        <translation>
            <numerusform>Berkas uji (%n baris)</numerusform>
        </translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Semua kelas</translation>
    </message>
    <message>
        <source>Built-in demo</source>
        <translation>Demo bawaan</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Rows per class (training file)</source>
        <translation>Baris per kelas (berkas pelatihan)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) repeat an earlier row&apos;s text exactly</source>
        <translation>
            <numerusform>%n baris persis mengulang teks baris sebelumnya</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n with another class)</source>
        <translation>
            <numerusform> (%n dengan kelas lain)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more differ only in case, spacing or punctuation</source>
        <translation>
            <numerusform>%n lainnya hanya berbeda dalam huruf besar/kecil, spasi, atau tanda baca</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n test row(s) also appear in the training file: test accuracy will look better than it is</source>
        <translation>
            <numerusform>%n baris uji juga muncul di berkas pelatihan: akurasi uji akan terlihat lebih baik daripada yang sebenarnya</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bad row(s) skipped while reading:</source>
        <translation>
            <numerusform>%n baris rusak dilewati saat membaca:</numerusform>
        </translation>
    </message>
    <message>
        <source>Test file: %1</source>
        <translation>Berkas uji: %1</translation>
    </message>
    <message>
        <source>No duplicates%1.</source>
        <translation>Tidak ada duplikat%1.</translation>
    </message>
    <message>
        <source> and no overlap between training and test rows</source>
        <translation> dan tidak ada tumpang tindih antara baris pelatihan dan baris uji</translation>
    </message>
    <message>
        <source>kept whole</source>
        <translation>utuh</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>dipotong</translation>
    </message>
    <message>
        <source>max length</source>
        <translation>panjang maks.</translation>
    </message>
    <message>
        <source>Text length (training file)</source>
        <translation>Panjang teks (berkas pelatihan)</translation>
    </message>
    <message>
        <source>Max length %1: %2% of the rows (%3) would be truncated. Longest: %4, median: %5 (%6).</source>
        <translation>Panjang maks. %1: %2% baris (%3) akan dipotong. Terpanjang: %4, median: %5 (%6).</translation>
    </message>
    <message>
        <source>From the &amp;hub…</source>
        <translation>Dari &amp;hub…</translation>
    </message>
    <message>
        <source>Download a dataset from the Hugging Face hub, e.g. sh0416/ag_news (AG News as JSONL)</source>
        <translation>Unduh dataset dari hub Hugging Face, mis. sh0416/ag_news (AG News sebagai JSONL)</translation>
    </message>
    <message>
        <source>%1 holds no data file</source>
        <translation>%1 tidak berisi berkas data</translation>
    </message>
</context>
<context>
    <name>headliner::ui::ExportPage</name>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>A finished training run can be exported here.</source>
        <translation>Sesi pelatihan yang sudah selesai dapat diekspor di sini.</translation>
    </message>
    <message>
        <source>Save a trained model as a Hugging Face folder, and its curves and metrics.</source>
        <translation>Simpan model terlatih sebagai folder Hugging Face, beserta kurva dan metriknya.</translation>
    </message>
    <message>
        <source>a new or empty folder</source>
        <translation>folder baru atau kosong</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Jelajahi…</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Ekspor ke</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Sesi:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>&amp;Export model</source>
        <translation>&amp;Ekspor model</translation>
    </message>
    <message>
        <source>Save charts as PNG…</source>
        <translation>Simpan grafik sebagai PNG…</translation>
    </message>
    <message>
        <source>Save metrics as CSV…</source>
        <translation>Simpan metrik sebagai CSV…</translation>
    </message>
    <message>
        <source>Load it in Python</source>
        <translation>Muat di Python</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>Save charts to</source>
        <translation>Simpan grafik ke</translation>
    </message>
    <message>
        <source>Save metrics</source>
        <translation>Simpan metrik</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <source>✓ Exported to %1</source>
        <translation>✓ Diekspor ke %1</translation>
    </message>
    <message>
        <source># The n-gram baseline is not a transformers model: load it with Headliner
# (Predict page, or: headliner-cli logits --model &quot;%1&quot;).</source>
        <translation># Baseline n-gram bukan model transformers: muat dengan Headliner
# (halaman Prediksi, atau: headliner-cli logits --model &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Ekspor gagal: %1</translation>
    </message>
    <message>
        <source>Model folder of the run: %1</source>
        <translation>Folder model sesi ini: %1</translation>
    </message>
    <message>
        <source>Choose a run and a folder first.</source>
        <translation>Pilih sesi dan folder terlebih dahulu.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Mengekspor…</translation>
    </message>
    <message>
        <source>Charts saved to %1 (loss.png, evaluation.png, learning-rate.png).</source>
        <translation>Grafik disimpan ke %1 (loss.png, evaluation.png, learning-rate.png).</translation>
    </message>
    <message>
        <source>Metrics saved to %1.</source>
        <translation>Metrik disimpan ke %1.</translation>
    </message>
</context>
<context>
    <name>headliner::ui::HubDialog</name>
    <message>
        <source>Model from the Hugging Face hub</source>
        <translation>Model dari hub Hugging Face</translation>
    </message>
    <message>
        <source>Dataset from the Hugging Face hub</source>
        <translation>Dataset dari hub Hugging Face</translation>
    </message>
    <message>
        <source>Search by name, or type org/name</source>
        <translation>Cari berdasarkan nama, atau ketik org/nama</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Cari</translation>
    </message>
    <message>
        <source>&amp;Use the copy in the cache</source>
        <translation>&amp;Gunakan salinan di cache</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Unduh</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Batalkan unduhan</translation>
    </message>
    <message>
        <source>Hub: %1 · cache: %2%3</source>
        <translation>Hub: %1 · cache: %2%3</translation>
    </message>
    <message>
        <source> · offline (HF_HUB_OFFLINE)</source>
        <translation> · luring (HF_HUB_OFFLINE)</translation>
    </message>
    <message>
        <source>Cancelling… (what has arrived is kept, a later download resumes it)</source>
        <translation>Membatalkan… (yang sudah terunduh disimpan, unduhan berikutnya akan melanjutkannya)</translation>
    </message>
    <message>
        <source>Not in your Hugging Face cache yet.</source>
        <translation>Belum ada di cache Hugging Face Anda.</translation>
    </message>
    <message>
        <source>In your Hugging Face cache: %1</source>
        <translation>Ada di cache Hugging Face Anda: %1</translation>
    </message>
    <message>
        <source>Searching the hub for &quot;%1&quot;…</source>
        <translation>Mencari &quot;%1&quot; di hub…</translation>
    </message>
    <message>
        <source>   ·   gated: needs a token</source>
        <translation>   ·   terkunci (gated): butuh token</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s).</source>
        <translation>
            <numerusform>%n hasil.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Pencarian gagal: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a repository name (org/name).</source>
        <translation>&quot;%1&quot; bukan nama repositori (org/nama).</translation>
    </message>
    <message>
        <source>Listing the files of %1…</source>
        <translation>Mengambil daftar berkas %1…</translation>
    </message>
    <message>
        <source>, %1 s left</source>
        <translation>, sisa %1 dtk</translation>
    </message>
    <message>
        <source>File %1 of %2: %3 — %4 of %5 at %6/s%7</source>
        <translation>Berkas %1 dari %2: %3 — %4 dari %5 dengan %6/dtk%7</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>%1 has no files Headliner can use</source>
        <translation>%1 tidak memiliki berkas yang dapat digunakan Headliner</translation>
    </message>
    <message>
        <source>Downloaded to %1</source>
        <translation>Diunduh ke %1</translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation>Unduhan gagal: %1</translation>
    </message>
</context>
<context>
    <name>headliner::ui::ImportDialog</name>
    <message>
        <source>Open dataset</source>
        <translation>Buka dataset</translation>
    </message>
    <message>
        <source>Detect from the content</source>
        <translation>Deteksi dari isinya</translation>
    </message>
    <message>
        <source>AG News CSV (class, title, description; no header)</source>
        <translation>AG News CSV (kelas, judul, deskripsi; tanpa header)</translation>
    </message>
    <message>
        <source>Kaggle AG News CSV (with header)</source>
        <translation>Kaggle AG News CSV (dengan header)</translation>
    </message>
    <message>
        <source>Hugging Face ag_news JSONL</source>
        <translation>Hugging Face ag_news JSONL</translation>
    </message>
    <message>
        <source>CSV with a header</source>
        <translation>CSV dengan header</translation>
    </message>
    <message>
        <source>TSV with a header</source>
        <translation>TSV dengan header</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>fastText (__label__X text)</source>
        <translation>fastText (__label__X teks)</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>Berkas tidak dapat dibaca: %1</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>Terdeteksi: %1</translation>
    </message>
    <message>
        <source>The format could not be detected (%1). Choose it below.</source>
        <translation>Format tidak dapat dideteksi (%1). Pilih format di bawah.</translation>
    </message>
    <message>
        <source>default of the format, e.g. title, description</source>
        <translation>bawaan format, mis. title, description</translation>
    </message>
    <message>
        <source>Column names (or 1-based numbers) joined into the text, separated by commas.</source>
        <translation>Nama kolom (atau nomor mulai dari 1) yang digabung menjadi teks, dipisahkan dengan koma.</translation>
    </message>
    <message>
        <source>default of the format, e.g. label</source>
        <translation>bawaan format, mis. label</translation>
    </message>
    <message>
        <source>The column (name or 1-based number) that holds the class.</source>
        <translation>Kolom (nama atau nomor mulai dari 1) yang berisi kelas.</translation>
    </message>
    <message>
        <source>The first line names the columns</source>
        <translation>Baris pertama berisi nama kolom</translation>
    </message>
    <message>
        <source>Skip bad rows and list them (instead of stopping at the first)</source>
        <translation>Lewati baris rusak dan tampilkan daftarnya (alih-alih berhenti di baris rusak pertama)</translation>
    </message>
    <message>
        <source>optional: evaluate on this file instead of 10% of the training rows</source>
        <translation>opsional: evaluasi pada berkas ini alih-alih 10% baris pelatihan</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Jelajahi…</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Text columns:</source>
        <translation>Kolom teks:</translation>
    </message>
    <message>
        <source>Label column:</source>
        <translation>Kolom label:</translation>
    </message>
    <message>
        <source>Test file:</source>
        <translation>Berkas uji:</translation>
    </message>
    <message>
        <source>First lines:</source>
        <translation>Baris awal:</translation>
    </message>
    <message>
        <source>Test file</source>
        <translation>Berkas uji</translation>
    </message>
    <message>
        <source>As the format says (AG News: 1-4; others: every value is a class)</source>
        <translation>Sesuai format (AG News: 1-4; lainnya: setiap nilai adalah kelas)</translation>
    </message>
    <message>
        <source>Class names, as written</source>
        <translation>Nama kelas, apa adanya</translation>
    </message>
    <message>
        <source>Numbers starting at 0</source>
        <translation>Angka mulai dari 0</translation>
    </message>
    <message>
        <source>Numbers starting at 1</source>
        <translation>Angka mulai dari 1</translation>
    </message>
    <message>
        <source>How the label column&apos;s values become classes</source>
        <translation>Bagaimana nilai kolom label menjadi kelas</translation>
    </message>
    <message>
        <source>optional: World, Sports, Business, Sci/Tech</source>
        <translation>opsional: World, Sports, Business, Sci/Tech</translation>
    </message>
    <message>
        <source>Names of the classes in order (for numbers), or the only names accepted (for names); other values are bad rows</source>
        <translation>Nama kelas berurutan (untuk angka), atau satu-satunya nama yang diterima (untuk nama); nilai lain dianggap baris rusak</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Label:</translation>
    </message>
    <message>
        <source>Class names:</source>
        <translation>Nama kelas:</translation>
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
        <translation>Ba&amp;ntuan</translation>
    </message>
    <message>
        <source>&amp;About Headliner</source>
        <translation>&amp;Tentang Headliner</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Tentang &amp;Qt</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Membaca %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n training row(s), %1 classes</source>
        <translation>
            <numerusform>%n baris pelatihan, %1 kelas</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not open the dataset</source>
        <translation>Dataset tidak dapat dibuka</translation>
    </message>
    <message>
        <source>Run %1 finished; its model is on the Predict and Export pages.</source>
        <translation>Sesi %1 selesai; modelnya ada di halaman Prediksi dan Ekspor.</translation>
    </message>
    <message>
        <source>&amp;Open dataset…</source>
        <translation>&amp;Buka dataset…</translation>
    </message>
    <message>
        <source>Open the built-in &amp;demo</source>
        <translation>Buka &amp;demo bawaan</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>Tema &amp;gelap</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>Pelatihan sedang berjalan</translation>
    </message>
    <message>
        <source>A training run is going on. Stop it and quit? It keeps a checkpoint and can be resumed next time.</source>
        <translation>Sesi pelatihan sedang berjalan. Hentikan dan keluar? Sesi ini menyimpan checkpoint dan dapat dilanjutkan lain kali.</translation>
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
        <source>A finished training run, or a model folder you opened</source>
        <translation>Sesi pelatihan yang sudah selesai, atau folder model yang Anda buka</translation>
    </message>
    <message>
        <source>Open model folder…</source>
        <translation>Buka folder model…</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Folder model</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Type a headline, e.g. &quot;Stocks rally as central bank signals a pause in rate hikes&quot;</source>
        <translation>Ketik judul berita, mis. &quot;Stocks rally as central bank signals a pause in rate hikes&quot;</translation>
    </message>
    <message>
        <source>Classify a file</source>
        <translation>Klasifikasikan berkas</translation>
    </message>
    <message>
        <source>Choose texts…</source>
        <translation>Pilih teks…</translation>
    </message>
    <message>
        <source>A dataset file Headliner reads, or plain text with one text per line; the predictions go to a CSV file</source>
        <translation>Berkas dataset yang dapat dibaca Headliner, atau teks biasa dengan satu teks per baris; prediksinya disimpan ke berkas CSV</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Train a model first (the n-gram baseline takes seconds), or open an exported model folder.
Then type a headline here.</source>
        <translation>Latih model terlebih dahulu (baseline n-gram hanya butuh beberapa detik), atau buka folder model yang sudah diekspor.
Lalu ketik judul berita di sini.</translation>
    </message>
    <message>
        <source>Cannot open the model %1: %2</source>
        <translation>Model %1 tidak dapat dibuka: %2</translation>
    </message>
    <message>
        <source>Texts to classify</source>
        <translation>Teks yang akan diklasifikasikan</translation>
    </message>
    <message>
        <source>Save predictions</source>
        <translation>Simpan prediksi</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) written to %1.</source>
        <translation>
            <numerusform>%n prediksi ditulis ke %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file could not be classified: %1</source>
        <translation>Berkas tidak dapat diklasifikasikan: %1</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Memuat %1…</translation>
    </message>
    <message>
        <source>%1  (%2%)</source>
        <translation>%1  (%2%)</translation>
    </message>
    <message>
        <source>Classifying %1…</source>
        <translation>Mengklasifikasikan %1…</translation>
    </message>
    <message>
        <source>%1 · best so far (training)</source>
        <translation>%1 · terbaik sejauh ini (sedang dilatih)</translation>
    </message>
    <message>
        <source>bf16 weights (this CPU computes bf16 natively)</source>
        <translation>bobot bf16 (CPU ini menghitung bf16 secara bawaan)</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>%1 · classes: %2 · %3</source>
        <translation>%1 · kelas: %2 · %3</translation>
    </message>
    <message>
        <source>answered in %1 ms</source>
        <translation>dijawab dalam %1 ms</translation>
    </message>
    <message>
        <source>int8 linear layers (this CPU has AVX512-VNNI)</source>
        <translation>lapisan linear int8 (CPU ini memiliki AVX512-VNNI)</translation>
    </message>
</context>
<context>
    <name>headliner::ui::PredictionService</name>
    <message>
        <source>No model is loaded.</source>
        <translation>Belum ada model yang dimuat.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Dibatalkan.</translation>
    </message>
</context>
<context>
    <name>headliner::ui::TrainPage</name>
    <message>
        <source>Train</source>
        <translation>Latih</translation>
    </message>
    <message>
        <source>created</source>
        <translation>dibuat</translation>
    </message>
    <message>
        <source>running</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>selesai</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>berhenti lebih awal</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>dihentikan</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>terputus</translation>
    </message>
    <message>
        <source>Fine-tune a model and watch its loss and accuracy as it learns.</source>
        <translation>Latih ulang model dan pantau loss serta akurasinya selama model belajar.</translation>
    </message>
    <message>
        <source>Open a dataset first (or the built-in demo); the training settings and live charts appear here.</source>
        <translation>Buka dataset terlebih dahulu (atau demo bawaan); pengaturan pelatihan dan grafik langsung muncul di sini.</translation>
    </message>
    <message>
        <source>Paused at step %1.</source>
        <translation>Dijeda pada langkah %1.</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Melanjutkan…</translation>
    </message>
    <message>
        <source>Reading the data…</source>
        <translation>Membaca data…</translation>
    </message>
    <message>
        <source>Training a sentencepiece tokenizer on the training texts…</source>
        <translation>Melatih tokenizer sentencepiece pada teks pelatihan…</translation>
    </message>
    <message>
        <source>Building the model…</source>
        <translation>Membangun model…</translation>
    </message>
    <message>
        <source>Tokenizing (cached for later runs)…</source>
        <translation>Melakukan tokenisasi (disimpan di cache untuk sesi berikutnya)…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Melatih…</translation>
    </message>
    <message>
        <source>Exporting the best model…</source>
        <translation>Mengekspor model terbaik…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Small transformer from scratch (2 layers)</source>
        <translation>Transformer kecil dari nol (2 lapisan)</translation>
    </message>
    <message>
        <source>Transformer from scratch (4 layers)</source>
        <translation>Transformer dari nol (4 lapisan)</translation>
    </message>
    <message>
        <source>N-gram baseline (fastText-style, seconds)</source>
        <translation>Baseline n-gram (gaya fastText, hitungan detik)</translation>
    </message>
    <message>
        <source>DistilBERT base uncased (pretrained, fine-tune)</source>
        <translation>DistilBERT base uncased (prapelatihan, dilatih ulang)</translation>
    </message>
    <message>
        <source>From scratch: a small DistilBERT-shaped model and a sentencepiece tokenizer trained on your data.
N-gram: word and bigram embeddings, as fastText; trains in seconds.
DistilBERT: the pretrained model, fine-tuned with the notebook&apos;s recipe (best on a GPU).</source>
        <translation>Dari nol: model kecil berbentuk DistilBERT dan tokenizer sentencepiece yang dilatih pada data Anda.
N-gram: embedding kata dan bigram, seperti fastText; dilatih dalam hitungan detik.
DistilBERT: model prapelatihan, dilatih ulang dengan resep dari notebook (paling baik di GPU).</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>folder with config.json and weights</source>
        <translation>folder berisi config.json dan bobot</translation>
    </message>
    <message>
        <source>A Hugging Face model folder, or the models--distilbert-base-uncased entry of your Hugging Face cache</source>
        <translation>Folder model Hugging Face, atau entri models--distilbert-base-uncased di cache Hugging Face Anda</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Jelajahi…</translation>
    </message>
    <message>
        <source>Pretrained model folder</source>
        <translation>Folder model prapelatihan</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>Bobot:</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Resep</translation>
    </message>
    <message>
        <source>Passes over the training data. Evaluated and saved after each.</source>
        <translation>Jumlah lintasan atas data pelatihan. Dievaluasi dan disimpan setelah setiap lintasan.</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps (0: run every epoch).</source>
        <translation>Berhenti setelah sekian langkah optimizer (0: jalankan semua epoch).</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>tanpa batas</translation>
    </message>
    <message>
        <source>Texts per optimizer step. Larger is faster per text but needs more memory.</source>
        <translation>Teks per langkah optimizer. Lebih besar berarti lebih cepat per teks, tetapi butuh lebih banyak memori.</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW, reached after the warm-up, then decayed linearly to 0.</source>
        <translation>Laju pembelajaran puncak AdamW, dicapai setelah pemanasan, lalu diturunkan secara linear ke 0.</translation>
    </message>
    <message>
        <source>AdamW&apos;s decoupled weight decay (not on biases and LayerNorm weights).</source>
        <translation>Peluruhan bobot terpisah (decoupled) AdamW (tidak pada bias dan bobot LayerNorm).</translation>
    </message>
    <message>
        <source>Share of the steps over which the learning rate rises from 0.</source>
        <translation>Porsi langkah saat laju pembelajaran naik dari 0.</translation>
    </message>
    <message>
        <source>Tokens per text, [CLS] and [SEP] included; longer texts are cut. The Dataset page shows how many.</source>
        <translation>Token per teks, termasuk [CLS] dan [SEP]; teks yang lebih panjang dipotong. Halaman Dataset menunjukkan berapa banyak.</translation>
    </message>
    <message>
        <source>Sentencepiece vocabulary size for models trained from scratch, at most: a small training file gets the vocabulary it fills (the log says how many pieces).</source>
        <translation>Ukuran kosakata sentencepiece paling banyak untuk model yang dilatih dari nol: berkas pelatihan yang kecil mendapat kosakata sebanyak yang dapat diisinya (log menyebutkan jumlah potongannya).</translation>
    </message>
    <message>
        <source>Seeds initialization, data order, the validation split and dropout: the same seed gives the same run.</source>
        <translation>Menentukan inisialisasi, urutan data, pembagian validasi, dan dropout: seed yang sama menghasilkan sesi yang sama.</translation>
    </message>
    <message>
        <source>Gradients are clipped to this total norm (0: no clipping).</source>
        <translation>Gradien dipangkas ke norma total ini (0: tanpa pemangkasan).</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epoch:</translation>
    </message>
    <message>
        <source>Max steps:</source>
        <translation>Langkah maks.:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Ukuran batch:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Laju pembelajaran:</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>Peluruhan bobot:</translation>
    </message>
    <message>
        <source>Warm-up ratio:</source>
        <translation>Rasio pemanasan:</translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation>Panjang maks.:</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Kosakata:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Clip norm:</source>
        <translation>Batas norma:</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>Perangkat keras</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU (%n utas)</numerusform>
        </translation>
    </message>
    <message>
        <source>Where the model trains. GPUs are listed when LibTorch sees CUDA.</source>
        <translation>Tempat model dilatih. GPU dicantumkan jika LibTorch mendeteksi CUDA.</translation>
    </message>
    <message>
        <source>Automatic (fp32 on the CPU, bf16 or fp16 on a GPU)</source>
        <translation>Otomatis (fp32 di CPU, bf16 atau fp16 di GPU)</translation>
    </message>
    <message>
        <source>Mixed precision halves memory and speeds up GPUs; fp16 uses loss scaling. On a CPU with native bf16 (AVX512-BF16 or AMX), bf16 trains about twice as fast as fp32.</source>
        <translation>Presisi campuran menghemat separuh memori dan mempercepat GPU; fp16 memakai penskalaan loss. Pada CPU dengan bf16 bawaan (AVX512-BF16 atau AMX), bf16 melatih sekitar dua kali lebih cepat daripada fp32.</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Perangkat:</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Presisi:</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>&amp;Mulai pelatihan</translation>
    </message>
    <message>
        <source>Start a new run with these settings (Ctrl+Enter)</source>
        <translation>Mulai sesi baru dengan pengaturan ini (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Jeda</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Hentikan</translation>
    </message>
    <message>
        <source>Stop after the current step; the run keeps a checkpoint and can be resumed.</source>
        <translation>Berhenti setelah langkah saat ini; sesi menyimpan checkpoint dan dapat dilanjutkan.</translation>
    </message>
    <message>
        <source>x-axis in epochs</source>
        <translation>sumbu x dalam epoch</translation>
    </message>
    <message>
        <source>Compare with earlier runs</source>
        <translation>Bandingkan dengan sesi sebelumnya</translation>
    </message>
    <message>
        <source>Draw the last runs on this dataset in faded colours</source>
        <translation>Gambar sesi terakhir pada dataset ini dengan warna pudar</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Siap.</translation>
    </message>
    <message>
        <source>No evaluation yet.</source>
        <translation>Belum ada evaluasi.</translation>
    </message>
    <message>
        <source>Rows: the true class; columns: the predicted class</source>
        <translation>Baris: kelas sebenarnya; kolom: kelas hasil prediksi</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Presisi</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>&amp;Resume run</source>
        <translation>&amp;Lanjutkan sesi</translation>
    </message>
    <message>
        <source>Delete run…</source>
        <translation>Hapus sesi…</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluasi</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Sesi</translation>
    </message>
    <message>
        <source>Stopping after this step…</source>
        <translation>Berhenti setelah langkah ini…</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>Hapus sesi</translation>
    </message>
    <message>
        <source>Delete the run %1 with its checkpoints and model?</source>
        <translation>Hapus sesi %1 beserta checkpoint dan modelnya?</translation>
    </message>
    <message numerus="yes">
        <source>Evaluated on the test file (%n row(s)).</source>
        <translation>
            <numerusform>Dievaluasi pada berkas uji (%n baris).</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluated on 10% of the training rows, held out by the seed.</source>
        <translation>Dievaluasi pada 10% baris pelatihan yang disisihkan berdasarkan seed.</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>Buka dataset terlebih dahulu.</translation>
    </message>
    <message>
        <source>Choose the folder of the pretrained model (or download it from the hub).</source>
        <translation>Pilih folder model prapelatihan (atau unduh dari hub).</translation>
    </message>
    <message>
        <source>The model folder %1 does not exist.</source>
        <translation>Folder model %1 tidak ada.</translation>
    </message>
    <message>
        <source>Resuming run %1.</source>
        <translation>Melanjutkan sesi %1.</translation>
    </message>
    <message>
        <source>Run %1 started.</source>
        <translation>Sesi %1 dimulai.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Menyiapkan…</translation>
    </message>
    <message>
        <source>Epoch %1 · step %2 of %3 · loss %4 · %5 samples/s · ETA %6</source>
        <translation>Epoch %1 · langkah %2 dari %3 · loss %4 · %5 sampel/dtk · sisa waktu %6</translation>
    </message>
    <message>
        <source>Evaluation at step %1 (epoch %2): loss %3, accuracy %4%, macro-F1 %5%%6</source>
        <translation>Evaluasi pada langkah %1 (epoch %2): loss %3, akurasi %4%, macro-F1 %5%%6</translation>
    </message>
    <message>
        <source> (best so far)</source>
        <translation> (terbaik sejauh ini)</translation>
    </message>
    <message numerus="yes">
        <source>Step %1, epoch %2: accuracy %3%, macro-F1 %4%, loss %5 on %n row(s).</source>
        <translation>
            <numerusform>Langkah %1, epoch %2: akurasi %3%, macro-F1 %4%, loss %5 pada %n baris.</numerusform>
        </translation>
    </message>
    <message>
        <source>Run %1 %2. The model is in %3; try it on the Predict page.</source>
        <translation>Sesi %1 %2. Modelnya ada di %3; cobalah di halaman Prediksi.</translation>
    </message>
    <message>
        <source>Run %1 stopped. It can be resumed from the Runs tab.</source>
        <translation>Sesi %1 dihentikan. Sesi ini dapat dilanjutkan dari tab Sesi.</translation>
    </message>
    <message>
        <source>Run %1 failed: %2</source>
        <translation>Sesi %1 gagal: %2</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Pelatihan gagal</translation>
    </message>
    <message>
        <source>The run %1 failed:

%2</source>
        <translation>Sesi %1 gagal:

%2</translation>
    </message>
    <message numerus="yes">
        <source>Run %1: %2, %n step(s).</source>
        <translation>
            <numerusform>Sesi %1: %2, %n langkah.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run %1 was interrupted at step %2. Select it in Runs and press Resume to continue.</source>
        <translation>Sesi %1 terputus pada langkah %2. Pilih sesi itu di tab Sesi lalu tekan Lanjutkan untuk meneruskannya.</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>Lan&amp;jutkan</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>peringatan: </translation>
    </message>
    <message>
        <source>A GPU is here: fine-tune DistilBERT (the notebook&apos;s recipe)</source>
        <translation>Ada GPU: latih ulang DistilBERT (resep dari notebook)</translation>
    </message>
    <message>
        <source>Chooses distilbert-base-uncased (downloaded or from your cache), the GPU and bf16/fp16. Open AG News on the Dataset page first (From the hub… sh0416/ag_news).</source>
        <translation>Memilih distilbert-base-uncased (diunduh atau dari cache Anda), GPU, dan bf16/fp16. Buka AG News di halaman Dataset terlebih dahulu (Dari hub… sh0416/ag_news).</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Unduh…</translation>
    </message>
    <message>
        <source>From the Hugging Face hub, or the copy already in your Hugging Face cache</source>
        <translation>Dari hub Hugging Face, atau salinan yang sudah ada di cache Hugging Face Anda</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>Memori habis</translation>
    </message>
    <message>
        <source>The run %1 ran out of memory with batches of %2 rows.

Resume it with batches of %3 rows? Gradient accumulation goes up to %4 steps, so each optimizer step still sees %5 rows. The run continues from its last checkpoint, or starts again if it has none.</source>
        <translation>Sesi %1 kehabisan memori dengan batch %2 baris.

Lanjutkan dengan batch %3 baris? Akumulasi gradien dinaikkan menjadi %4 langkah, sehingga setiap langkah optimizer tetap melihat %5 baris. Sesi berlanjut dari checkpoint terakhirnya, atau dimulai lagi jika belum ada.</translation>
    </message>
    <message>
        <source>Resume with batches of %1</source>
        <translation>Lanjutkan dengan batch %1</translation>
    </message>
    <message>
        <source>Checkpoint saved at step %1, with the best weights so far (%2 MB in %3 s).</source>
        <translation>Checkpoint disimpan pada langkah %1, beserta bobot terbaik sejauh ini (%2 MB dalam %3 dtk).</translation>
    </message>
    <message>
        <source>Checkpoint saved at step %1 (%2 MB in %3 s).</source>
        <translation>Checkpoint disimpan pada langkah %1 (%2 MB dalam %3 dtk).</translation>
    </message>
</context>
<context>
    <name>headliner::ui::TrainingCharts</name>
    <message>
        <source>Training loss</source>
        <translation>Loss pelatihan</translation>
    </message>
    <message>
        <source>step</source>
        <translation>langkah</translation>
    </message>
    <message>
        <source>per step</source>
        <translation>per langkah</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>dihaluskan</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>akurasi %</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>loss</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Laju pembelajaran</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>laju pembelajaran</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>%1 tidak dapat dibuat</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 tidak dapat ditulis</translation>
    </message>
    <message>
        <source>Validation &lt;span style=&apos;color:%1&apos;&gt;accuracy %&lt;/span&gt; · &lt;span style=&apos;color:%2&apos;&gt;loss&lt;/span&gt;</source>
        <translation>Validasi &lt;span style=&apos;color:%1&apos;&gt;akurasi %&lt;/span&gt; · &lt;span style=&apos;color:%2&apos;&gt;loss&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>headliner::ui::TrainingController</name>
    <message>
        <source>A training run is already going on. Stop it first.</source>
        <translation>Sesi pelatihan sudah berjalan. Hentikan terlebih dahulu.</translation>
    </message>
    <message>
        <source>The run %1 has no checkpoint to continue from.</source>
        <translation>Sesi %1 tidak memiliki checkpoint untuk dilanjutkan.</translation>
    </message>
    <message>
        <source>The run %1 already uses batches of %2 rows.</source>
        <translation>Sesi %1 sudah memakai batch %2 baris.</translation>
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
