"""The starter curriculum in Bahasa Indonesia, with English titles and summaries of every course.

Content, not code: each lesson is practical advice an Indonesian micro-entrepreneur can act on. Amounts
are examples in Rupiah; rules (OSS, P-IRT, halal, KUR, BPJS) are described as they stood in 2026 and
link to the official services, which editors should check when the rules change.
"""

from __future__ import annotations

from typing import Any

Block = tuple[str, Any]


def text(html: str) -> Block:
    return ("text", html)


def tip(html: str) -> Block:
    return ("callout", {"kind": "tip", "text": html})


def warning(html: str) -> Block:
    return ("callout", {"kind": "warning", "text": html})


def checklist(title: str, *items: str) -> Block:
    return ("checklist", {"title": title, "items": list(items)})


def question(q: str, answers: list[str], correct: int, explanation: str) -> dict:
    return {
        "question": q,
        "answers": [{"text": a, "correct": i == correct} for i, a in enumerate(answers)],
        "explanation": explanation,
    }


def quiz(*questions: dict, pass_mark: int = 100) -> Block:
    return ("quiz", {"title": "Kuis singkat", "pass_mark": pass_mark, "questions": list(questions)})


# --------------------------------------------------------------------------------- Pemula

BOOKKEEPING = {
    "slug": "pembukuan-sederhana",
    "tier": "beginner",
    "milestone_codes": ["belajar-pemula"],
    "minutes": 30,
    "title": "Pembukuan sederhana",
    "summary": (
        "Pisahkan uang usaha dari uang dapur, catat kas setiap hari, dan hitung laba bulanan Anda "
        "dengan satu buku tulis atau aplikasi di ponsel."
    ),
    "en": {
        "title": "Simple bookkeeping",
        "summary": (
            "Keep business money apart from household money, record cash every day and work out your "
            "monthly profit with one notebook or a phone app."
        ),
    },
    "lessons": [
        {
            "slug": "pisahkan-uang-usaha",
            "title": "Pisahkan uang usaha dan uang dapur",
            "summary": "Langkah pertama pembukuan: dua dompet, satu gaji untuk diri sendiri.",
            "minutes": 12,
            "body": [
                text(
                    "<p>Banyak usaha kecil terlihat ramai pembeli tetapi uangnya selalu terasa habis. Penyebab "
                    "paling sering bukan karena rugi, melainkan karena uang usaha dan uang rumah tangga "
                    "tercampur. Uang hasil jualan dipakai membeli beras, membayar listrik, atau jajan anak, "
                    "lalu ketika harus belanja bahan, modalnya sudah tidak ada. Tanpa pemisahan, Anda tidak "
                    "pernah tahu apakah usaha Anda sebenarnya untung.</p>"
                    "<h3>Dua tempat uang</h3>"
                    "<p>Mulailah dengan dua tempat yang berbeda: satu dompet, kaleng, atau amplop khusus "
                    "untuk usaha, dan satu untuk keperluan rumah. Lebih baik lagi jika uang usaha disimpan di "
                    "rekening bank atau dompet digital tersendiri (misalnya rekening tabungan atas nama Anda "
                    "yang hanya dipakai untuk usaha). Semua uang hasil penjualan masuk ke tempat usaha, dan "
                    "semua belanja bahan, kemasan, dan ongkos usaha keluar dari tempat yang sama.</p>"
                    "<h3>Gaji untuk diri sendiri</h3>"
                    "<p>Lalu, bagaimana keluarga makan? Berikan gaji untuk diri sendiri. Tentukan jumlah tetap, "
                    "misalnya Rp 50.000 per hari atau Rp 1.500.000 per bulan, yang dipindahkan dari uang "
                    "usaha ke uang rumah tangga. Jumlahnya disesuaikan dengan kemampuan usaha: mulailah kecil, "
                    "naikkan setelah catatan tiga bulan menunjukkan usaha untung. Di luar gaji itu, uang usaha "
                    "tidak boleh diambil.</p>"
                    "<p>Jika suatu hari terpaksa memakai uang usaha untuk kebutuhan rumah, catat sebagai "
                    "<b>pinjaman dari usaha</b> dan kembalikan. Begitu juga sebaliknya: uang rumah yang dipakai "
                    "untuk usaha dicatat sebagai tambahan modal.</p>"
                ),
                tip(
                    "<p>Barang dagangan yang dipakai sendiri juga dicatat. Jika Anda berjualan sembako dan "
                    "mengambil 2 kg gula untuk dapur, catat sebagai pengambilan pemilik senilai harga belinya, "
                    "misalnya Rp 36.000.</p>"
                ),
                warning(
                    "<p>Kesalahan umum: mengira seluruh uang di laci adalah keuntungan. Di dalamnya ada modal "
                    "untuk belanja bahan berikutnya. Jika modal ikut terpakai, usaha akan mengecil tanpa "
                    "terasa.</p>"
                ),
                checklist(
                    "Langkah minggu ini",
                    "Siapkan dompet, kaleng, atau rekening khusus untuk usaha",
                    "Hitung uang usaha yang ada hari ini sebagai modal awal",
                    "Tentukan gaji harian atau bulanan untuk diri sendiri",
                    "Sepakati aturan ini dengan pasangan atau keluarga yang ikut membantu",
                ),
                quiz(
                    question(
                        "Uang hasil jualan hari ini Rp 400.000. Apa yang sebaiknya dilakukan?",
                        [
                            "Masukkan semua ke tempat uang usaha, lalu ambil gaji pemilik sesuai jumlah tetap",
                            "Pakai dulu untuk belanja dapur, sisanya untuk usaha",
                            "Simpan di dompet pribadi supaya aman",
                        ],
                        0,
                        "Semua uang usaha masuk ke satu tempat. Keluarga mendapat gaji tetap, sehingga modal "
                        "usaha tidak ikut terpakai.",
                    ),
                    question(
                        "Anda terpaksa memakai Rp 100.000 uang usaha untuk biaya sekolah. Bagaimana mencatatnya?",
                        [
                            "Tidak perlu dicatat karena uangnya milik sendiri",
                            "Catat sebagai pinjaman dari usaha dan kembalikan",
                            "Catat sebagai biaya usaha",
                        ],
                        1,
                        "Biaya sekolah bukan biaya usaha. Mencatatnya sebagai pinjaman menjaga modal tetap "
                        "terlihat dan mengingatkan Anda untuk mengembalikannya.",
                    ),
                ),
            ],
        },
        {
            "slug": "buku-kas-harian",
            "title": "Buku kas harian dan laba bulanan",
            "summary": "Lima kolom yang cukup untuk mengetahui uang masuk, uang keluar, dan laba.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Buku kas adalah catatan semua uang yang masuk dan keluar dari usaha. Cukup satu buku "
                    "tulis bergaris dengan lima kolom: <b>tanggal</b>, <b>keterangan</b>, <b>uang masuk</b>, "
                    "<b>uang keluar</b>, dan <b>saldo</b>. Saldo adalah uang yang seharusnya ada di tempat uang "
                    "usaha setelah transaksi itu.</p>"
                    "<h3>Contoh satu hari</h3>"
                    "<ul>"
                    "<li>Saldo awal pagi: Rp 250.000</li>"
                    "<li>Belanja tepung dan gula: keluar Rp 120.000, saldo Rp 130.000</li>"
                    "<li>Penjualan kue pagi: masuk Rp 310.000, saldo Rp 440.000</li>"
                    "<li>Gaji pemilik: keluar Rp 50.000, saldo Rp 390.000</li>"
                    "</ul>"
                    "<p>Malam hari, hitung uang yang benar-benar ada. Jika berbeda dengan saldo di buku, cari "
                    "penyebabnya hari itu juga: biasanya ada pembelian kecil yang lupa dicatat atau kembalian "
                    "yang salah. Selisih yang dibiarkan akan menumpuk dan membuat catatan tidak dipercaya.</p>"
                    "<h3>Menghitung laba bulanan</h3>"
                    "<p>Di akhir bulan jumlahkan semua penjualan, lalu kurangi dengan belanja bahan dan biaya "
                    "usaha (kemasan, gas, listrik usaha, transport, sewa tempat). Gaji pemilik dicatat sebagai "
                    "biaya juga, sehingga laba yang tersisa benar-benar milik usaha untuk ditabung atau "
                    "menambah modal. Contoh: penjualan Rp 6.200.000, bahan Rp 3.100.000, biaya lain "
                    "Rp 650.000, gaji pemilik Rp 1.500.000, maka laba usaha Rp 950.000.</p>"
                    "<p>Simpan semua nota belanja di satu amplop per bulan. Nota membantu ketika mengisi "
                    "laporan bulanan di Tumbuh, dan kelak ketika mengajukan pinjaman seperti KUR, karena bank "
                    "ingin melihat catatan usaha minimal enam bulan.</p>"
                ),
                tip(
                    "<p>Lebih suka ponsel? Aplikasi pencatat kas gratis seperti BukuKas, BukuWarung, atau "
                    "lembar kerja sederhana di Google Sheets sama baiknya. Yang penting dicatat setiap hari, "
                    "bukan alatnya.</p>"
                ),
                warning(
                    "<p>Jangan menunda pencatatan sampai akhir minggu. Dalam dua hari saja kebanyakan orang "
                    "sudah lupa belanja kecil seperti plastik, es batu, atau ongkos ojek.</p>"
                ),
                checklist(
                    "Mulai mencatat",
                    "Buat buku kas dengan kolom tanggal, keterangan, masuk, keluar, saldo",
                    "Catat saldo awal hari ini",
                    "Cocokkan saldo buku dengan uang di tangan setiap malam",
                    "Simpan nota belanja dalam amplop bulanan",
                    "Hitung laba di akhir bulan dan isi laporan bulanan di Tumbuh",
                ),
                quiz(
                    question(
                        "Saldo awal Rp 200.000, belanja bahan Rp 80.000, penjualan Rp 150.000. Berapa saldo akhir?",
                        ["Rp 270.000", "Rp 350.000", "Rp 130.000"],
                        0,
                        "200.000 − 80.000 + 150.000 = Rp 270.000.",
                    ),
                    question(
                        "Malam hari uang di tangan Rp 20.000 lebih sedikit dari saldo buku. Apa yang dilakukan?",
                        [
                            "Biarkan saja, nanti juga seimbang",
                            "Cari hari itu juga transaksi yang lupa dicatat",
                            "Ubah saldo di buku supaya sama",
                        ],
                        1,
                        "Selisih paling mudah ditemukan pada hari yang sama, selagi Anda masih ingat semua "
                        "transaksi.",
                    ),
                    question(
                        "Mengapa gaji pemilik dicatat sebagai biaya?",
                        [
                            "Supaya laba terlihat lebih kecil di depan pajak",
                            "Supaya laba yang tersisa benar-benar milik usaha",
                            "Karena diwajibkan bank",
                        ],
                        1,
                        "Tenaga Anda juga ada harganya. Setelah gaji pemilik dibayar, sisa laba bisa ditabung "
                        "atau dipakai menambah modal tanpa mengganggu keluarga.",
                    ),
                ),
            ],
        },
    ],
}

PRICING = {
    "slug": "harga-jual-dengan-hpp",
    "tier": "beginner",
    "milestone_codes": ["belajar-pemula"],
    "minutes": 30,
    "title": "Menentukan harga jual dengan HPP",
    "summary": (
        "Hitung harga pokok penjualan (HPP) setiap produk, lalu tetapkan harga jual yang menutup semua "
        "biaya, memberi laba, dan tetap bersaing."
    ),
    "en": {
        "title": "Pricing with cost of goods (HPP)",
        "summary": (
            "Work out the cost of goods sold (HPP) of each product, then set a selling price that covers "
            "every cost, leaves a profit and still competes."
        ),
    },
    "lessons": [
        {
            "slug": "menghitung-hpp",
            "title": "Menghitung HPP per produk",
            "summary": "Semua biaya untuk membuat satu produk, termasuk yang sering terlupa.",
            "minutes": 15,
            "body": [
                text(
                    "<p>HPP (harga pokok penjualan) adalah biaya untuk menghasilkan satu produk yang siap "
                    "dijual. Banyak pengusaha menentukan harga hanya dengan melihat harga tetangga, lalu "
                    "kaget karena ramai pembeli tetapi tidak ada sisa uang. Menghitung HPP memastikan setiap "
                    "penjualan benar-benar menghasilkan laba.</p>"
                    "<h3>Tiga kelompok biaya</h3>"
                    "<ol>"
                    "<li><b>Bahan baku</b>: semua bahan yang masuk ke produk.</li>"
                    "<li><b>Bahan pendukung dan kemasan</b>: gas, minyak, plastik, stiker, karet.</li>"
                    "<li><b>Tenaga kerja</b>: upah pekerja, atau nilai waktu Anda sendiri jika dikerjakan sendiri.</li>"
                    "</ol>"
                    "<h3>Contoh: keripik pisang, satu kali produksi 50 bungkus</h3>"
                    "<ul>"
                    "<li>Pisang 10 sisir: Rp 100.000</li>"
                    "<li>Minyak goreng 2 liter: Rp 36.000</li>"
                    "<li>Bumbu dan garam: Rp 10.000</li>"
                    "<li>Gas (setengah tabung 3 kg): Rp 11.000</li>"
                    "<li>Plastik dan stiker 50 buah: Rp 25.000</li>"
                    "<li>Tenaga (4 jam kerja): Rp 40.000</li>"
                    "</ul>"
                    "<p>Total biaya satu produksi Rp 222.000. HPP per bungkus = Rp 222.000 ÷ 50 = "
                    "<b>Rp 4.440</b>. Jika sekarang Anda menjual Rp 5.000, laba per bungkus hanya Rp 560, "
                    "sebelum ongkos antar dan bungkus yang rusak.</p>"
                    "<p>Timbang dan catat setiap bahan pada satu kali produksi, lalu ulangi perhitungan setiap "
                    "kali harga bahan berubah. Harga minyak, telur, dan cabai bisa naik cepat menjelang hari "
                    "raya.</p>"
                ),
                tip(
                    "<p>Hitung juga produk yang gagal atau rusak. Jika dari 50 bungkus biasanya 2 hancur, bagi "
                    "total biaya dengan 48, bukan 50.</p>"
                ),
                warning(
                    "<p>Kesalahan umum: tidak menghitung tenaga sendiri karena “dikerjakan sendiri”. Jika kelak "
                    "Anda perlu pekerja, harga lama tidak akan cukup untuk membayarnya.</p>"
                ),
                checklist(
                    "Hitung HPP produk terlaris Anda",
                    "Catat semua bahan dan jumlahnya untuk satu kali produksi",
                    "Tulis harga beli terbaru setiap bahan",
                    "Tambahkan kemasan, gas/listrik, dan tenaga",
                    "Bagi dengan jumlah produk yang layak jual",
                ),
                quiz(
                    question(
                        "Total biaya satu produksi Rp 300.000 menghasilkan 60 bungkus layak jual. Berapa HPP per bungkus?",
                        ["Rp 3.000", "Rp 5.000", "Rp 6.000"],
                        1,
                        "Rp 300.000 ÷ 60 = Rp 5.000 per bungkus.",
                    ),
                    question(
                        "Mana yang termasuk HPP?",
                        [
                            "Hanya bahan baku utama",
                            "Bahan baku, kemasan, bahan pendukung, dan tenaga",
                            "Harga jual pesaing",
                        ],
                        1,
                        "HPP mencakup semua biaya untuk membuat produk siap jual, termasuk kemasan dan tenaga.",
                    ),
                ),
            ],
        },
        {
            "slug": "dari-hpp-ke-harga-jual",
            "title": "Dari HPP ke harga jual",
            "summary": "Menambahkan biaya usaha dan laba, lalu membandingkan dengan pasar.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Setelah HPP diketahui, harga jual disusun dari tiga bagian: HPP, bagian biaya usaha "
                    "yang tidak masuk produksi (transport belanja, pulsa untuk promosi, sewa lapak), dan laba. "
                    "Cara yang paling mudah untuk usaha kecil adalah menambahkan persentase laba (markup) pada "
                    "HPP.</p>"
                    "<h3>Contoh</h3>"
                    "<p>HPP keripik pisang Rp 4.440. Biaya usaha lain sekitar Rp 300 per bungkus. Jadi biaya "
                    "per bungkus Rp 4.740. Dengan markup 40%, harga jual = Rp 4.740 × 1,4 = Rp 6.636, "
                    "dibulatkan menjadi <b>Rp 7.000</b>. Untuk titip jual di warung yang meminta potongan "
                    "Rp 1.000, harga titip Rp 6.000 masih memberi laba Rp 1.260 per bungkus.</p>"
                    "<h3>Bandingkan dengan pasar</h3>"
                    "<p>Lihat harga produk serupa di sekitar Anda dan di marketplace. Jika harga Anda jauh "
                    "lebih mahal, cari cara menurunkan biaya (beli bahan dalam jumlah lebih besar, kemasan lebih "
                    "sederhana) atau tunjukkan kelebihan produk Anda: lebih renyah, tanpa pengawet, ukuran lebih "
                    "besar. Jika jauh lebih murah, Anda mungkin terlalu rendah memberi harga: pembeli sering "
                    "bersedia membayar Rp 500 sampai Rp 1.000 lebih untuk produk yang bersih dan "
                    "kemasannya rapi.</p>"
                    "<p>Tulis daftar harga untuk setiap cara jual: eceran, grosir (misalnya minimal 20 "
                    "bungkus), titip warung, dan online (yang harus menutup potongan biaya marketplace). "
                    "Dengan daftar tertulis, Anda tidak perlu menebak saat pembeli menawar.</p>"
                ),
                tip(
                    "<p>Harga berakhiran ribuan (Rp 7.000, Rp 10.000) memudahkan kembalian di warung. Di "
                    "marketplace, harga seperti Rp 6.900 lebih menarik.</p>"
                ),
                warning(
                    "<p>Jangan menurunkan harga di bawah HPP untuk mengalahkan pesaing. Perang harga biasanya "
                    "dimenangkan usaha yang modalnya paling besar, bukan yang produknya paling baik.</p>"
                ),
                checklist(
                    "Tetapkan harga",
                    "Tambahkan biaya usaha per produk pada HPP",
                    "Pilih markup (misalnya 30–50%) dan bulatkan harga",
                    "Bandingkan dengan tiga produk serupa di sekitar Anda",
                    "Tulis daftar harga eceran, grosir, titip, dan online",
                ),
                quiz(
                    question(
                        "Biaya per produk Rp 10.000 dan markup 30%. Berapa harga jual sebelum dibulatkan?",
                        ["Rp 10.300", "Rp 13.000", "Rp 30.000"],
                        1,
                        "Rp 10.000 × 1,3 = Rp 13.000.",
                    ),
                    question(
                        "Pesaing menjual lebih murah dari HPP Anda. Apa langkah yang tepat?",
                        [
                            "Ikut menjual di bawah HPP",
                            "Cari cara menekan biaya atau tonjolkan kelebihan produk",
                            "Berhenti berjualan",
                        ],
                        1,
                        "Menjual di bawah HPP berarti rugi di setiap penjualan. Tekan biaya atau tunjukkan "
                        "nilai lebih produk Anda.",
                    ),
                ),
            ],
        },
    ],
}

NIB = {
    "slug": "nib-lewat-oss",
    "tier": "beginner",
    "milestone_codes": ["belajar-pemula"],
    "minutes": 25,
    "title": "Mengurus NIB lewat OSS",
    "summary": (
        "Nomor Induk Berusaha (NIB) gratis dan bisa diurus sendiri dari ponsel di oss.go.id. NIB membuka "
        "jalan ke P-IRT, sertifikat halal, dan KUR."
    ),
    "en": {
        "title": "Getting a business ID (NIB) through OSS",
        "summary": (
            "The business identification number (NIB) is free and you can apply yourself from a phone at "
            "oss.go.id. It opens the way to P-IRT, halal certification and KUR loans."
        ),
    },
    "lessons": [
        {
            "slug": "apa-itu-nib",
            "title": "Apa itu NIB dan apa yang perlu disiapkan",
            "summary": "Manfaat NIB untuk usaha mikro dan dokumen yang dibutuhkan.",
            "minutes": 10,
            "body": [
                text(
                    "<p>NIB (Nomor Induk Berusaha) adalah identitas resmi usaha Anda, diterbitkan oleh sistem "
                    "OSS (Online Single Submission) milik Kementerian Investasi/BKPM. Untuk usaha mikro dengan "
                    "risiko rendah, seperti warung, jualan kue, atau jahit, NIB sudah menjadi izin usaha. "
                    "Pendaftarannya <b>gratis</b> dan tidak perlu perantara.</p>"
                    "<h3>Mengapa penting</h3>"
                    "<ul>"
                    "<li>Menjadi syarat sertifikat P-IRT dan sertifikat halal gratis (self-declare).</li>"
                    "<li>Dipakai bank sebagai bukti usaha saat mengajukan KUR.</li>"
                    "<li>Membuat usaha bisa menjadi pemasok toko, koperasi, atau instansi.</li>"
                    "<li>Dibutuhkan untuk mendaftar program pemerintah dan pameran UMKM.</li>"
                    "</ul>"
                    "<p>Hampir semua peserta Tumbuh termasuk <b>usaha mikro</b>: modal usaha paling banyak "
                    "Rp 1 miliar di luar tanah dan bangunan, atau hasil penjualan paling banyak Rp 2 miliar "
                    "per tahun. Usaha mikro berisiko rendah cukup dengan NIB; tidak perlu izin gangguan atau "
                    "surat keterangan domisili usaha terpisah untuk mulai berjualan.</p>"
                    "<h3>Yang perlu disiapkan</h3>"
                    "<ul>"
                    "<li>KTP elektronik (NIK) pemilik usaha.</li>"
                    "<li>Alamat email yang aktif dan nomor ponsel (untuk kode verifikasi).</li>"
                    "<li>Alamat lengkap tempat usaha, termasuk RT/RW dan kode pos.</li>"
                    "<li>Perkiraan modal usaha, jumlah tenaga kerja, dan kegiatan usaha.</li>"
                    "<li>NPWP bila sudah punya (usaha mikro dapat mendaftar dengan NIK).</li>"
                    "</ul>"
                    "<p>Kegiatan usaha dipilih dengan kode KBLI (Klasifikasi Baku Lapangan Usaha Indonesia). "
                    "Di OSS Anda cukup mengetik kata kunci, misalnya “kue”, “warung makan”, atau “penjahitan”, "
                    "lalu memilih yang paling sesuai dengan kegiatan utama. Jika ragu, tanyakan kepada "
                    "pendamping usaha atau datang ke Mal Pelayanan Publik / DPMPTSP kabupaten/kota.</p>"
                ),
                warning(
                    "<p>Waspadai pihak yang menawarkan “jasa NIB” dengan bayaran ratusan ribu rupiah, atau "
                    "situs yang mirip oss.go.id. Layanan resmi hanya di <b>oss.go.id</b> dan tidak dipungut "
                    "biaya.</p>"
                ),
                checklist(
                    "Siapkan sebelum mendaftar",
                    "Foto atau salinan KTP",
                    "Email aktif yang bisa Anda buka di ponsel",
                    "Alamat lengkap usaha dengan kode pos",
                    "Kata kunci kegiatan usaha untuk mencari KBLI",
                    "Perkiraan modal usaha (tanpa tanah dan bangunan)",
                ),
                quiz(
                    question(
                        "Berapa biaya resmi mengurus NIB untuk usaha mikro?",
                        ["Gratis", "Rp 250.000", "Tergantung kecamatan"],
                        0,
                        "Pendaftaran NIB di oss.go.id tidak dipungut biaya.",
                    ),
                    question(
                        "Apa gunanya kode KBLI?",
                        [
                            "Nomor rekening usaha",
                            "Menjelaskan jenis kegiatan usaha Anda",
                            "Nomor pajak",
                        ],
                        1,
                        "KBLI adalah klasifikasi kegiatan usaha. Pilih yang sesuai dengan kegiatan utama Anda.",
                    ),
                ),
            ],
        },
        {
            "slug": "langkah-daftar-oss",
            "title": "Langkah mendaftar di OSS",
            "summary": "Dari membuat akun sampai mengunduh NIB, langkah demi langkah.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Pendaftaran bisa selesai dalam satu kali duduk, sekitar 30–60 menit, jika dokumen "
                    "sudah siap. Gunakan sinyal yang stabil dan sebaiknya browser di ponsel atau komputer.</p>"
                    "<ol>"
                    "<li>Buka <b>oss.go.id</b>, pilih <b>Daftar</b>, lalu pilih jenis pelaku usaha "
                    "<b>Orang Perseorangan</b> dan skala <b>Usaha Mikro dan Kecil (UMK)</b>.</li>"
                    "<li>Isi NIK, nama sesuai KTP, email, dan nomor ponsel. Buka email dan klik tautan "
                    "aktivasi; kata sandi dikirim ke email tersebut.</li>"
                    "<li>Masuk ke OSS, lengkapi data pribadi, lalu pilih menu <b>Perizinan Berusaha</b> → "
                    "<b>Permohonan Baru</b>.</li>"
                    "<li>Isi data usaha: nama usaha, alamat, modal usaha, dan jumlah tenaga kerja.</li>"
                    "<li>Tambahkan bidang usaha: ketik kata kunci, pilih KBLI, isi lokasi usaha dan luas "
                    "lahan yang dipakai (misalnya 12 m² dapur rumah).</li>"
                    "<li>Periksa ringkasan. Untuk kegiatan berisiko rendah sistem langsung menerbitkan NIB. "
                    "Centang pernyataan mandiri, lalu klik <b>Terbitkan NIB</b>.</li>"
                    "<li>Unduh dokumen NIB (PDF) dan simpan di ponsel serta cetak satu lembar.</li>"
                    "</ol>"
                    "<p>Jika kegiatan Anda berisiko menengah, OSS akan meminta Sertifikat Standar berupa "
                    "pernyataan mandiri; untuk pangan olahan rumahan, langkah berikutnya adalah SPP-IRT yang "
                    "dibahas pada kursus tingkat Berkembang.</p>"
                    "<p>Setelah NIB terbit, unggah foto dokumen NIB sebagai bukti capaian di Tumbuh, supaya "
                    "pendamping usaha dapat memeriksanya.</p>"
                ),
                tip(
                    "<p>Gunakan nama usaha yang sama di NIB, kemasan, dan akun jualan online. Konsistensi "
                    "memudahkan pembeli dan bank mengenali usaha Anda.</p>"
                ),
                warning(
                    "<p>Data yang salah (misalnya alamat atau KBLI) bisa diperbaiki di OSS melalui menu "
                    "perubahan data, tetapi lebih baik diperiksa dua kali sebelum menerbitkan NIB.</p>"
                ),
                checklist(
                    "Daftar hari ini",
                    "Buat akun OSS dan aktifkan lewat email",
                    "Isi data usaha dan pilih KBLI",
                    "Terbitkan dan unduh NIB",
                    "Unggah foto NIB sebagai bukti capaian di Tumbuh",
                ),
                quiz(
                    question(
                        "Ke mana kata sandi akun OSS dikirim setelah mendaftar?",
                        ["Lewat SMS", "Ke email yang didaftarkan", "Diambil di kantor kecamatan"],
                        1,
                        "OSS mengirim tautan aktivasi dan kata sandi ke email, karena itu email harus aktif.",
                    ),
                    question(
                        "Untuk usaha mikro berisiko rendah, apa yang terjadi setelah data lengkap?",
                        [
                            "Menunggu kunjungan petugas satu bulan",
                            "NIB langsung terbit dan bisa diunduh",
                            "Harus membayar retribusi dulu",
                        ],
                        1,
                        "Untuk risiko rendah, NIB terbit langsung dari sistem dan berlaku sebagai izin usaha.",
                    ),
                ),
            ],
        },
    ],
}

# --------------------------------------------------------------------------------- Berkembang

BRANDING = {
    "slug": "kemasan-dan-merek",
    "tier": "developing",
    "milestone_codes": ["belajar-berkembang"],
    "minutes": 30,
    "title": "Kemasan dan merek",
    "summary": (
        "Merek yang mudah diingat dan kemasan dengan label yang lengkap membuat produk dipercaya, bisa "
        "dititipkan di toko, dan layak dijual online."
    ),
    "en": {
        "title": "Packaging and branding",
        "summary": (
            "A memorable brand and packaging with a complete label make a product trusted, stockable in "
            "shops and ready to sell online."
        ),
    },
    "lessons": [
        {
            "slug": "merek-yang-mudah-diingat",
            "title": "Merek yang mudah diingat",
            "summary": "Nama, logo, warna, dan cerita yang membuat pembeli kembali.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Merek adalah alasan pembeli memilih produk Anda lagi, bukan produk di sebelahnya. Merek "
                    "tidak harus mahal: cukup nama yang jelas, tampilan yang konsisten, dan janji yang selalu "
                    "ditepati (rasa yang sama, ukuran yang sama, pengiriman tepat waktu).</p>"
                    "<h3>Memilih nama</h3>"
                    "<ul>"
                    "<li>Pendek dan mudah diucapkan: dua atau tiga suku kata, misalnya “Keripik Bu Sri” atau "
                    "“Dapur Rasa”.</li>"
                    "<li>Belum dipakai usaha lain di bidang yang sama. Cari di marketplace, Instagram, dan di "
                    "pangkalan data merek DJKI (pdki-indonesia.dgip.go.id).</li>"
                    "<li>Bisa dipakai untuk produk berikutnya; hindari nama yang terlalu sempit seperti "
                    "“Keripik Pisang Saja”.</li>"
                    "</ul>"
                    "<h3>Logo dan warna</h3>"
                    "<p>Pilih satu atau dua warna utama dan satu jenis huruf, lalu gunakan di semua tempat: "
                    "stiker kemasan, spanduk, foto profil WhatsApp, dan nota. Logo sederhana bisa dibuat "
                    "sendiri dengan aplikasi desain gratis di ponsel. Yang penting tetap terbaca ketika "
                    "dicetak kecil di stiker berukuran 5 cm.</p>"
                    "<h3>Cerita usaha</h3>"
                    "<p>Tulis dua atau tiga kalimat tentang usaha Anda: siapa pembuatnya, dari mana bahannya, "
                    "apa bedanya. Contoh: “Dibuat oleh ibu-ibu Desa Sukamaju dari pisang kepok kebun sendiri, "
                    "tanpa pengawet.” Cerita ini dipakai di kemasan, katalog, dan saat menawarkan ke toko.</p>"
                    "<p>Jika usaha sudah berjalan dan merek mulai dikenal, daftarkan merek ke DJKI. Usaha mikro "
                    "dan kecil mendapat tarif khusus yang lebih murah dengan melampirkan surat keterangan UMK, "
                    "dan pendaftaran dilakukan secara online.</p>"
                ),
                tip(
                    "<p>Tanyakan kepada lima pembeli tetap: kata apa yang mereka ingat tentang produk Anda? "
                    "Jawaban mereka adalah bahan terbaik untuk nama dan cerita merek.</p>"
                ),
                checklist(
                    "Merek saya",
                    "Nama usaha sudah dicek belum dipakai pihak lain",
                    "Satu logo sederhana dan dua warna utama",
                    "Cerita usaha dalam dua sampai tiga kalimat",
                    "Nama dan logo sama di kemasan, WhatsApp, dan marketplace",
                ),
                quiz(
                    question(
                        "Manakah nama merek yang paling baik?",
                        [
                            "Nama pendek, mudah diucapkan, dan belum dipakai pesaing",
                            "Nama panjang yang menjelaskan semua produk",
                            "Nama yang mirip merek terkenal agar cepat dikenal",
                        ],
                        0,
                        "Nama yang mirip merek terkenal bisa digugat. Nama pendek dan unik lebih mudah diingat "
                        "dan didaftarkan.",
                    ),
                    question(
                        "Mengapa warna dan logo harus sama di semua tempat?",
                        [
                            "Agar lebih murah mencetak",
                            "Agar pembeli langsung mengenali usaha Anda",
                            "Karena diwajibkan NIB",
                        ],
                        1,
                        "Konsistensi membuat pembeli mengenali produk Anda di rak, di WhatsApp, maupun di "
                        "marketplace.",
                    ),
                ),
            ],
        },
        {
            "slug": "kemasan-dan-label",
            "title": "Kemasan dan label yang benar",
            "summary": "Kemasan yang melindungi produk dan label yang memenuhi aturan.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Kemasan punya tiga tugas: melindungi produk, memberi informasi, dan menarik pembeli. "
                    "Untuk makanan kering, plastik tebal yang bisa ditutup rapat (standing pouch dengan "
                    "ziplock) menjaga keripik tetap renyah lebih lama dibanding plastik tipis yang "
                    "direkatkan dengan lilin. Harga standing pouch ukuran 14 × 22 cm biasanya sekitar "
                    "Rp 1.000–Rp 1.500 per buah jika membeli per 100; masukkan biaya ini ke HPP.</p>"
                    "<h3>Isi label pangan olahan</h3>"
                    "<ul>"
                    "<li>Nama produk dan merek.</li>"
                    "<li>Daftar bahan (komposisi), dari yang paling banyak.</li>"
                    "<li>Berat bersih atau isi bersih (misalnya “Berat bersih: 100 g”).</li>"
                    "<li>Nama dan alamat produsen.</li>"
                    "<li>Tanggal kedaluwarsa (“Baik digunakan sebelum …”) dan kode produksi.</li>"
                    "<li>Nomor P-IRT dan logo halal, <b>hanya setelah</b> sertifikatnya terbit.</li>"
                    "</ul>"
                    "<p>Kode produksi bisa sederhana, misalnya tanggal produksi “KP-2026-03-15”. Jika suatu "
                    "hari ada keluhan, Anda tahu dari produksi mana produk itu berasal.</p>"
                    "<h3>Foto dan tampilan</h3>"
                    "<p>Kemasan yang rapi juga membuat foto jualan online lebih menarik. Pastikan stiker "
                    "ditempel lurus, tidak menutupi isi produk, dan ada bagian bening agar pembeli bisa "
                    "melihat produknya.</p>"
                ),
                warning(
                    "<p>Mencantumkan nomor P-IRT atau logo halal sebelum sertifikatnya terbit adalah "
                    "pelanggaran dan dapat dikenai sanksi. Kosongkan bagian itu sampai Anda benar-benar "
                    "memilikinya.</p>"
                ),
                tip(
                    "<p>Cetak stiker label di percetakan digital dalam jumlah kecil (misalnya 100 lembar) "
                    "lebih dulu. Setelah yakin desainnya tepat, baru pesan lebih banyak agar lebih murah.</p>"
                ),
                checklist(
                    "Periksa kemasan",
                    "Kemasan tertutup rapat dan melindungi produk",
                    "Label memuat nama, komposisi, berat bersih, produsen, kedaluwarsa",
                    "Ada kode produksi",
                    "Biaya kemasan dan stiker sudah masuk HPP",
                ),
                quiz(
                    question(
                        "Kapan nomor P-IRT boleh dicantumkan di label?",
                        [
                            "Setelah mendaftar NIB",
                            "Setelah SPP-IRT terbit",
                            "Kapan saja agar pembeli percaya",
                        ],
                        1,
                        "Nomor P-IRT diberikan bersama SPP-IRT. Mencantumkannya sebelum terbit melanggar "
                        "aturan.",
                    ),
                    question(
                        "Apa gunanya kode produksi?",
                        [
                            "Hiasan kemasan",
                            "Menelusuri produk dari produksi mana bila ada keluhan",
                            "Pengganti tanggal kedaluwarsa",
                        ],
                        1,
                        "Kode produksi membantu menelusuri masalah ke satu kali produksi tertentu.",
                    ),
                ),
            ],
        },
    ],
}

SELLING_ONLINE = {
    "slug": "berjualan-online",
    "tier": "developing",
    "milestone_codes": ["belajar-berkembang"],
    "minutes": 30,
    "title": "Berjualan online",
    "summary": (
        "Menjual lewat katalog WhatsApp Business dan marketplace: foto yang menarik, deskripsi yang jelas, "
        "harga yang menutup potongan, dan pelayanan yang cepat."
    ),
    "en": {
        "title": "Selling online",
        "summary": (
            "Selling through a WhatsApp Business catalogue and marketplaces: good photos, clear descriptions, "
            "prices that cover the fees and quick service."
        ),
    },
    "lessons": [
        {
            "slug": "katalog-whatsapp-business",
            "title": "Katalog WhatsApp Business",
            "summary": "Mengubah WhatsApp menjadi etalase dengan katalog, pesan cepat, dan label.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Sebagian besar pembeli usaha mikro sudah ada di daftar kontak WhatsApp Anda. Aplikasi "
                    "<b>WhatsApp Business</b> gratis dan dapat dipakai dengan nomor yang sama (cadangkan chat "
                    "lebih dulu). Fiturnya membuat jualan lebih rapi dibanding WhatsApp biasa.</p>"
                    "<h3>Siapkan profil usaha</h3>"
                    "<p>Isi nama usaha, kategori, alamat, jam buka, dan deskripsi singkat. Gunakan logo usaha "
                    "sebagai foto profil.</p>"
                    "<h3>Buat katalog</h3>"
                    "<p>Di menu <b>Alat bisnis → Katalog</b>, tambahkan setiap produk dengan foto, nama, harga, "
                    "dan deskripsi: ukuran, rasa, berat, dan lama tahan. Pembeli dapat melihat katalog dan "
                    "mengirim pesanan langsung dari sana, dan Anda dapat membagikan tautan katalog di status "
                    "atau grup.</p>"
                    "<h3>Pesan cepat dan label</h3>"
                    "<p>Buat <b>balasan cepat</b> untuk pertanyaan yang sering datang, misalnya “/harga” untuk "
                    "daftar harga dan “/rek” untuk nomor rekening. Beri <b>label</b> pada chat: “Pesanan baru”, "
                    "“Sudah bayar”, “Dikirim”, sehingga tidak ada pesanan yang terlewat.</p>"
                    "<h3>Foto produk dengan ponsel</h3>"
                    "<p>Foto di dekat jendela pada pagi atau sore hari, dengan latar polos (kain atau kertas "
                    "putih). Ambil dari depan dan dari atas, tunjukkan isi produk, dan bersihkan lensa kamera "
                    "sebelum memotret. Tiga foto yang terang lebih baik daripada sepuluh foto yang gelap.</p>"
                    "<p>Gunakan status WhatsApp secara rutin: tampilkan produksi hari ini, testimoni pembeli, "
                    "dan promo terbatas, satu sampai tiga kali sehari. Jangan mengirim pesan promosi berulang "
                    "ke orang yang tidak meminta; tawarkan pembeli untuk bergabung ke daftar siaran.</p>"
                ),
                tip(
                    "<p>Catat setiap pesanan WhatsApp di buku kas hari itu juga. Penjualan online yang tidak "
                    "dicatat membuat laba bulanan terlihat lebih kecil dari sebenarnya.</p>"
                ),
                checklist(
                    "Siapkan WhatsApp Business",
                    "Profil usaha lengkap dengan jam buka dan alamat",
                    "Minimal lima produk di katalog dengan foto terang",
                    "Balasan cepat untuk harga dan cara bayar",
                    "Label chat untuk status pesanan",
                ),
                quiz(
                    question(
                        "Di mana sebaiknya memotret produk dengan ponsel?",
                        [
                            "Di dekat jendela dengan cahaya alami dan latar polos",
                            "Di malam hari dengan lampu kilat",
                            "Di dapur dengan latar perabot",
                        ],
                        0,
                        "Cahaya alami dan latar polos membuat warna produk terlihat asli dan menarik.",
                    ),
                    question(
                        "Apa manfaat label chat di WhatsApp Business?",
                        [
                            "Membuat pesan terkirim lebih cepat",
                            "Mengelompokkan pesanan agar tidak ada yang terlewat",
                            "Menyembunyikan chat dari pembeli",
                        ],
                        1,
                        "Label seperti “Sudah bayar” dan “Dikirim” membantu melacak setiap pesanan.",
                    ),
                ),
            ],
        },
        {
            "slug": "berjualan-di-marketplace",
            "title": "Berjualan di marketplace",
            "summary": "Membuka toko online, menghitung potongan, dan mengirim dengan aman.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Marketplace seperti Shopee, Tokopedia, atau Lazada mempertemukan Anda dengan pembeli "
                    "di luar kota. Pendaftaran toko gratis, tetapi setiap penjualan dikenai <b>biaya "
                    "layanan/administrasi</b> beberapa persen dari harga, dan besarnya berubah dari waktu ke "
                    "waktu. Selalu periksa biaya terbaru di pusat edukasi penjual sebelum menetapkan "
                    "harga.</p>"
                    "<h3>Menghitung harga online</h3>"
                    "<p>Misalnya harga eceran Rp 15.000 dan total potongan marketplace 8%. Agar yang Anda terima "
                    "tetap Rp 15.000, harga online = Rp 15.000 ÷ 0,92 ≈ <b>Rp 16.300</b>. Tambahkan juga biaya "
                    "kemasan pengiriman (bubble wrap, kardus) sekitar Rp 1.000–Rp 2.000 per paket.</p>"
                    "<h3>Halaman produk yang menjual</h3>"
                    "<ul>"
                    "<li>Judul berisi kata yang dicari pembeli: “Keripik Pisang Pedas Manis 100 g Tanpa "
                    "Pengawet”.</li>"
                    "<li>Foto pertama produk dengan latar putih; foto berikutnya isi, ukuran, dan label.</li>"
                    "<li>Deskripsi: rasa, berat, komposisi, lama tahan, cara simpan, nomor P-IRT jika ada.</li>"
                    "<li>Berat paket yang benar, supaya ongkos kirim tidak salah hitung.</li>"
                    "</ul>"
                    "<h3>Pelayanan</h3>"
                    "<p>Balas chat dalam hitungan jam, kemas dengan rapi, dan kirim sesuai batas waktu. "
                    "Ulasan bintang lima dari pembeli pertama sangat menentukan. Minta pembeli memberi ulasan "
                    "dengan kartu ucapan terima kasih kecil di dalam paket.</p>"
                ),
                warning(
                    "<p>Hati-hati dengan pesanan bayar di tempat (COD) untuk produk yang cepat basi: paket yang "
                    "ditolak pembeli kembali dalam keadaan rusak. Untuk produk seperti itu, matikan COD atau "
                    "batasi ke kota terdekat.</p>"
                ),
                tip(
                    "<p>Jangan memindahkan semua penjualan ke marketplace. Pembeli tetap dan pelanggan sekitar "
                    "lebih menguntungkan lewat WhatsApp karena tidak ada potongan.</p>"
                ),
                checklist(
                    "Buka toko online",
                    "Daftar toko dengan nama merek yang sama",
                    "Hitung harga online yang menutup potongan dan kemasan kirim",
                    "Unggah tiga produk terlaris dengan foto dan deskripsi lengkap",
                    "Siapkan bahan kemasan pengiriman",
                ),
                quiz(
                    question(
                        "Harga eceran Rp 20.000 dan potongan marketplace 10%. Harga online yang tepat sekitar…",
                        ["Rp 20.000", "Rp 22.200", "Rp 30.000"],
                        1,
                        "Rp 20.000 ÷ 0,9 ≈ Rp 22.200, sehingga setelah potongan Anda tetap menerima Rp 20.000.",
                    ),
                    question(
                        "Apa risiko COD untuk kue basah?",
                        [
                            "Tidak ada risiko",
                            "Paket bisa ditolak dan kembali dalam keadaan rusak",
                            "Pembeli membayar dua kali",
                        ],
                        1,
                        "Produk yang cepat basi tidak bisa dijual lagi setelah dikembalikan.",
                    ),
                ),
            ],
        },
    ],
}

PIRT_HALAL = {
    "slug": "p-irt-dan-halal",
    "tier": "developing",
    "milestone_codes": ["belajar-berkembang"],
    "minutes": 35,
    "title": "Sertifikat P-IRT dan halal",
    "summary": (
        "Untuk produk pangan olahan rumahan: mengurus SPP-IRT lewat OSS dan sertifikat halal gratis "
        "melalui jalur self-declare, langkah demi langkah."
    ),
    "en": {
        "title": "P-IRT and halal certification",
        "summary": (
            "For home-made processed food: getting the P-IRT certificate through OSS and a free halal "
            "certificate through the self-declare route, step by step."
        ),
    },
    "lessons": [
        {
            "slug": "mengurus-spp-irt",
            "title": "Mengurus SPP-IRT",
            "summary": "Izin edar pangan rumahan: siapa yang perlu, syarat, dan langkahnya.",
            "minutes": 18,
            "body": [
                text(
                    "<p>SPP-IRT (Sertifikat Produksi Pangan Industri Rumah Tangga) adalah izin edar untuk "
                    "pangan olahan buatan rumah, diterbitkan oleh pemerintah kabupaten/kota melalui OSS. "
                    "Nomornya, yang dikenal sebagai nomor P-IRT, dicantumkan di label dan membuat produk bisa "
                    "masuk toko, minimarket lokal, dan oleh-oleh.</p>"
                    "<h3>Siapa yang perlu</h3>"
                    "<p>Pangan olahan dalam kemasan berlabel yang tahan lebih dari tujuh hari, misalnya "
                    "keripik, kue kering, sambal botolan, abon, atau minuman serbuk. Kue basah yang habis dalam "
                    "satu atau dua hari tidak memerlukan P-IRT. Beberapa jenis pangan tidak boleh memakai "
                    "P-IRT dan harus izin BPOM (MD), antara lain produk susu, makanan bayi, pangan beku, dan "
                    "pangan dalam kaleng.</p>"
                    "<h3>Langkah</h3>"
                    "<ol>"
                    "<li>Pastikan sudah punya NIB dengan KBLI industri pangan yang sesuai.</li>"
                    "<li>Ikuti <b>Penyuluhan Keamanan Pangan (PKP)</b> yang diadakan Dinas Kesehatan "
                    "kabupaten/kota (ada yang tatap muka, ada yang daring) dan simpan sertifikatnya.</li>"
                    "<li>Ajukan SPP-IRT melalui OSS pada kegiatan usaha tersebut, unggah sertifikat PKP, "
                    "rancangan label, dan data produk (komposisi, proses, masa simpan).</li>"
                    "<li>Petugas Dinas Kesehatan memeriksa tempat produksi: kebersihan dapur, air bersih, "
                    "tempat cuci tangan, penyimpanan bahan, dan tidak ada hewan peliharaan di area "
                    "produksi.</li>"
                    "<li>Setelah lulus, SPP-IRT terbit. Sertifikat berlaku lima tahun dan dapat "
                    "diperpanjang.</li>"
                    "</ol>"
                    "<p>Biayanya di banyak daerah gratis; bila ada retribusi, besarnya diatur peraturan daerah "
                    "dan dibayar resmi ke kas daerah. Tanyakan ke Dinas Kesehatan atau Mal Pelayanan Publik "
                    "setempat.</p>"
                ),
                tip(
                    "<p>Sebelum petugas datang, rapikan dapur produksi: pisahkan bahan dari barang rumah tangga, "
                    "gunakan wadah bertutup, siapkan celemek, penutup kepala, dan sabun di tempat cuci "
                    "tangan.</p>"
                ),
                warning(
                    "<p>Satu SPP-IRT berlaku untuk satu jenis produk. Jika Anda menambah produk baru, misalnya "
                    "dari keripik pisang ke keripik singkong, produk baru itu perlu didaftarkan.</p>"
                ),
                checklist(
                    "Menuju SPP-IRT",
                    "NIB dengan KBLI industri pangan",
                    "Sertifikat Penyuluhan Keamanan Pangan (PKP)",
                    "Rancangan label lengkap",
                    "Dapur produksi bersih dan tertata",
                    "Pengajuan di OSS dan jadwal pemeriksaan",
                ),
                quiz(
                    question(
                        "Produk mana yang perlu SPP-IRT?",
                        [
                            "Kue basah yang habis dalam sehari",
                            "Keripik dalam kemasan berlabel yang tahan berbulan-bulan",
                            "Susu pasteurisasi",
                        ],
                        1,
                        "P-IRT untuk pangan olahan rumahan yang tahan lebih dari tujuh hari. Produk susu harus "
                        "izin BPOM.",
                    ),
                    question(
                        "Apa syarat pelatihan sebelum SPP-IRT terbit?",
                        [
                            "Sertifikat Penyuluhan Keamanan Pangan (PKP)",
                            "Kursus memasak",
                            "Sertifikat komputer",
                        ],
                        0,
                        "Penyuluhan Keamanan Pangan dari Dinas Kesehatan adalah syarat SPP-IRT.",
                    ),
                ),
            ],
        },
        {
            "slug": "sertifikat-halal-self-declare",
            "title": "Sertifikat halal gratis lewat self-declare",
            "summary": "Jalur pernyataan mandiri untuk usaha mikro dan kecil, dengan pendamping PPH.",
            "minutes": 17,
            "body": [
                text(
                    "<p>Sertifikat halal di Indonesia diterbitkan oleh BPJPH (Badan Penyelenggara Jaminan "
                    "Produk Halal). Produk makanan dan minuman usaha mikro dan kecil wajib bersertifikat halal "
                    "setelah masa penahapan berakhir pada Oktober 2026. Untuk usaha mikro dan kecil tersedia "
                    "jalur <b>self-declare</b> (pernyataan pelaku usaha) yang melalui program SEHATI dapat "
                    "diikuti tanpa biaya selama kuotanya tersedia.</p>"
                    "<p>Sertifikat halal juga membuka pasar: banyak toko oleh-oleh, kantin sekolah, katering "
                    "kantor, dan marketplace mensyaratkan atau mengutamakan produk bersertifikat halal. "
                    "Sertifikat yang diterbitkan lewat self-declare berlaku selama bahan dan proses produksi "
                    "tidak berubah.</p>"
                    "<h3>Siapa yang bisa self-declare</h3>"
                    "<ul>"
                    "<li>Punya NIB, dan omzet usaha paling banyak Rp 500 juta per tahun.</li>"
                    "<li>Produk tidak berisiko tinggi: bahan yang dipakai sudah pasti halal atau sudah "
                    "bersertifikat halal (tepung, minyak, kecap, bumbu kemasan).</li>"
                    "<li>Proses produksi sederhana dan tempat produksi terpisah dari bahan tidak halal.</li>"
                    "<li>Produk berbahan daging hanya boleh bila dagingnya dari rumah potong yang sudah "
                    "bersertifikat halal.</li>"
                    "</ul>"
                    "<h3>Langkah</h3>"
                    "<ol>"
                    "<li>Buat akun di <b>ptsp.halal.go.id</b> (SIHALAL) dengan email dan NIB.</li>"
                    "<li>Kumpulkan daftar bahan beserta merek dan nomor sertifikat halalnya (lihat logo halal "
                    "di kemasan bahan, dan simpan fotonya).</li>"
                    "<li>Ajukan permohonan self-declare. Seorang <b>Pendamping Proses Produk Halal (PPH)</b> "
                    "akan memverifikasi bahan dan proses, biasanya dengan berkunjung ke dapur Anda.</li>"
                    "<li>Hasil verifikasi dikaji Komite Fatwa, lalu BPJPH menerbitkan sertifikat halal yang "
                    "bisa diunduh dari SIHALAL.</li>"
                    "<li>Cantumkan logo halal nasional di kemasan setelah sertifikat terbit.</li>"
                    "</ol>"
                    "<p>Pendamping usaha Anda di Tumbuh dapat membantu menghubungkan dengan pendamping PPH di "
                    "daerah Anda.</p>"
                ),
                warning(
                    "<p>Setelah bersertifikat, jangan mengganti bahan dengan merek lain yang belum "
                    "bersertifikat halal tanpa memperbarui data. Perubahan bahan harus dilaporkan.</p>"
                ),
                checklist(
                    "Menuju sertifikat halal",
                    "NIB sudah terbit",
                    "Daftar bahan lengkap dengan foto logo halal kemasannya",
                    "Akun SIHALAL (ptsp.halal.go.id)",
                    "Menghubungi pendamping PPH",
                ),
                quiz(
                    question(
                        "Siapa yang menerbitkan sertifikat halal?",
                        ["Dinas Kesehatan", "BPJPH", "Kantor kecamatan"],
                        1,
                        "BPJPH menerbitkan sertifikat halal; pendamping PPH dan Komite Fatwa terlibat dalam "
                        "jalur self-declare.",
                    ),
                    question(
                        "Bahan apa yang aman dipakai untuk self-declare?",
                        [
                            "Bahan yang sudah bersertifikat halal atau jelas halal",
                            "Bahan apa saja asal murah",
                            "Daging dari pemotongan yang belum bersertifikat",
                        ],
                        0,
                        "Self-declare mensyaratkan bahan yang sudah pasti halal, dibuktikan dengan sertifikat "
                        "atau logo halal di kemasannya.",
                    ),
                ),
            ],
        },
    ],
}

# --------------------------------------------------------------------------------- Maju

KUR = {
    "slug": "mengajukan-kur",
    "tier": "advanced",
    "milestone_codes": ["belajar-maju"],
    "minutes": 35,
    "title": "Mengajukan KUR",
    "summary": (
        "Kredit Usaha Rakyat (KUR) adalah pinjaman bersubsidi untuk usaha produktif. Hitung kemampuan bayar, "
        "siapkan berkas, dan ajukan ke bank penyalur dengan percaya diri."
    ),
    "en": {
        "title": "Applying for a KUR loan",
        "summary": (
            "People's Business Credit (KUR) is a subsidised loan for productive businesses. Work out what "
            "you can repay, prepare your documents and apply to a lending bank with confidence."
        ),
    },
    "lessons": [
        {
            "slug": "mengenal-kur",
            "title": "Mengenal KUR dan menghitung kemampuan bayar",
            "summary": "Jenis KUR, bunganya, dan berapa cicilan yang aman untuk usaha Anda.",
            "minutes": 17,
            "body": [
                text(
                    "<p>KUR (Kredit Usaha Rakyat) adalah pinjaman modal kerja atau investasi untuk usaha "
                    "produktif dengan bunga yang disubsidi pemerintah. KUR disalurkan oleh bank seperti BRI, "
                    "BNI, Mandiri, BSI, dan bank pembangunan daerah, serta beberapa lembaga keuangan "
                    "lain.</p>"
                    "<h3>Jenis yang paling sesuai untuk usaha mikro</h3>"
                    "<ul>"
                    "<li><b>KUR Super Mikro</b>: plafon sampai Rp 10 juta, bunga sangat rendah, untuk usaha "
                    "yang baru tumbuh.</li>"
                    "<li><b>KUR Mikro</b>: plafon di atas Rp 10 juta sampai Rp 100 juta, bunga efektif sekitar "
                    "6% per tahun untuk peminjam pertama.</li>"
                    "</ul>"
                    "<p>Untuk KUR sampai Rp 100 juta, bank tidak mewajibkan agunan tambahan; yang menjadi "
                    "jaminan adalah usaha yang dibiayai. Besaran bunga dan plafon diatur pemerintah dan dapat "
                    "berubah, jadi tanyakan angka terbaru di bank.</p>"
                    "<h3>Berapa cicilan yang aman?</h3>"
                    "<p>Pinjaman harus dibayar dari <b>laba usaha</b>, bukan dari uang dapur. Aturan "
                    "sederhana: cicilan bulanan sebaiknya tidak lebih dari sepertiga laba bersih bulanan "
                    "rata-rata enam bulan terakhir.</p>"
                    "<p>Contoh: pinjaman Rp 10.000.000 dengan bunga efektif 6% per tahun selama 12 bulan "
                    "memerlukan cicilan sekitar <b>Rp 860.700 per bulan</b>. Jika laba bersih Anda rata-rata "
                    "Rp 2.000.000, cicilan ini sudah 43% laba, terlalu berat. Pilihannya: jangka 24 bulan "
                    "untuk Rp 10.000.000 (sekitar Rp 443.200 per bulan) atau pinjaman lebih kecil.</p>"
                    "<p>Yang juga penting: untuk apa uangnya? Pinjaman yang baik menambah penghasilan, "
                    "misalnya membeli oven kedua yang menggandakan produksi kue. Hitung berapa tambahan laba "
                    "per bulan dari pembelian itu; tambahan laba harus lebih besar dari cicilan.</p>"
                ),
                warning(
                    "<p>Jangan mengambil KUR untuk membayar utang lain, biaya pesta, atau kebutuhan rumah. "
                    "Tunggakan tercatat di SLIK OJK dan menyulitkan pinjaman berikutnya selama bertahun-"
                    "tahun.</p>"
                ),
                checklist(
                    "Sebelum meminjam",
                    "Hitung laba bersih rata-rata enam bulan terakhir dari buku kas",
                    "Tulis rencana penggunaan uang dan tambahan laba yang diharapkan",
                    "Hitung cicilan dan pastikan di bawah sepertiga laba",
                    "Tanyakan plafon dan bunga terbaru ke dua bank penyalur",
                ),
                quiz(
                    question(
                        "Laba bersih rata-rata Rp 3.000.000 per bulan. Cicilan paling besar yang aman sekitar…",
                        ["Rp 1.000.000", "Rp 2.500.000", "Rp 3.000.000"],
                        0,
                        "Sepertiga dari Rp 3.000.000 adalah Rp 1.000.000. Sisanya untuk modal, cadangan, dan "
                        "keluarga.",
                    ),
                    question(
                        "Manakah penggunaan KUR yang paling tepat?",
                        [
                            "Melunasi utang di warung",
                            "Membeli alat yang menambah produksi dan laba",
                            "Biaya hajatan keluarga",
                        ],
                        1,
                        "KUR untuk usaha produktif: pembelian yang menambah laba sehingga cicilan terbayar.",
                    ),
                ),
            ],
        },
        {
            "slug": "menyiapkan-berkas-kur",
            "title": "Menyiapkan berkas dan mengajukan",
            "summary": "Dokumen, wawancara dengan petugas bank, dan setelah pinjaman cair.",
            "minutes": 18,
            "body": [
                text(
                    "<p>Bank menilai dua hal: apakah usaha Anda berjalan dan apakah Anda bisa dipercaya "
                    "membayar. Catatan keuangan dari kursus pembukuan adalah bukti terkuat Anda.</p>"
                    "<h3>Berkas yang biasanya diminta</h3>"
                    "<ul>"
                    "<li>KTP pemohon dan pasangan, serta Kartu Keluarga.</li>"
                    "<li>NIB atau surat keterangan usaha dari desa/kelurahan.</li>"
                    "<li>Usaha sudah berjalan paling sedikit enam bulan.</li>"
                    "<li>Catatan penjualan dan pengeluaran beberapa bulan terakhir, dan foto usaha.</li>"
                    "<li>NPWP untuk pinjaman di atas Rp 50 juta.</li>"
                    "</ul>"
                    "<p>Belum punya NIB atau catatan enam bulan? Jangan memaksakan pengajuan. Lengkapi dulu "
                    "lewat kursus tingkat Pemula; pengajuan yang ditolak tidak merusak nama Anda, tetapi "
                    "persiapan yang matang membuat plafon yang disetujui lebih sesuai kebutuhan.</p>"
                    "<h3>Mengajukan</h3>"
                    "<ol>"
                    "<li>Datang ke kantor unit bank penyalur terdekat, atau ajukan lewat aplikasi/situs resmi "
                    "bank bila tersedia.</li>"
                    "<li>Petugas (mantri atau account officer) akan mewawancarai dan mengunjungi usaha Anda. "
                    "Jelaskan produk, pembeli, laba bulanan, dan rencana penggunaan uang dengan angka dari "
                    "buku kas.</li>"
                    "<li>Bank memeriksa riwayat kredit di SLIK OJK. Jika ada tunggakan lama, selesaikan dulu "
                    "dan minta surat keterangan lunas.</li>"
                    "<li>Bila disetujui, baca perjanjian kredit: jumlah pinjaman, bunga, jangka waktu, tanggal "
                    "cicilan, dan denda keterlambatan. Tanyakan yang belum jelas sebelum menandatangani.</li>"
                    "</ol>"
                    "<h3>Setelah cair</h3>"
                    "<p>Masukkan uang pinjaman ke rekening usaha dan catat di buku kas sebagai pinjaman, "
                    "bukan penjualan. Belanjakan sesuai rencana, simpan notanya, dan sisihkan uang cicilan "
                    "setiap minggu (misalnya Rp 200.000 per minggu untuk cicilan Rp 860.700), supaya tidak "
                    "kaget di tanggal jatuh tempo.</p>"
                ),
                warning(
                    "<p>Pengajuan KUR tidak dipungut biaya oleh pihak mana pun di luar biaya resmi bank "
                    "(seperti materai). Tolak tawaran “orang dalam” yang menjanjikan pinjaman cepat cair "
                    "dengan imbalan.</p>"
                ),
                tip(
                    "<p>Bawa ringkasan satu halaman: nama usaha, produk, penjualan dan laba enam bulan "
                    "terakhir, rencana penggunaan pinjaman, dan cicilan yang sanggup dibayar. Petugas bank "
                    "akan menghargai kesiapan Anda.</p>"
                ),
                checklist(
                    "Berkas KUR",
                    "Salinan KTP dan Kartu Keluarga",
                    "NIB",
                    "Catatan keuangan enam bulan terakhir",
                    "Foto usaha dan produk",
                    "Ringkasan rencana penggunaan pinjaman",
                ),
                quiz(
                    question(
                        "Uang KUR yang cair dicatat di buku kas sebagai…",
                        ["Penjualan", "Pinjaman", "Laba"],
                        1,
                        "Pinjaman bukan pendapatan. Mencatatnya sebagai penjualan membuat laba terlihat palsu.",
                    ),
                    question(
                        "Seseorang menawarkan KUR cepat cair dengan imbalan Rp 1.000.000. Apa yang dilakukan?",
                        [
                            "Terima agar cepat",
                            "Tolak dan ajukan langsung ke bank",
                            "Tawar imbalannya",
                        ],
                        1,
                        "Pengajuan KUR tidak memerlukan perantara berbayar. Ajukan langsung ke bank penyalur.",
                    ),
                ),
            ],
        },
    ],
}

FIRST_WORKER = {
    "slug": "merekrut-pekerja-pertama",
    "tier": "advanced",
    "milestone_codes": ["belajar-maju"],
    "minutes": 30,
    "title": "Merekrut pekerja pertama",
    "summary": (
        "Kapan usaha siap menambah orang, bagaimana memilih dan melatihnya, serta perjanjian kerja, upah, "
        "THR, dan BPJS Ketenagakerjaan yang adil dan sesuai aturan."
    ),
    "en": {
        "title": "Hiring your first worker",
        "summary": (
            "When a business is ready to take someone on, how to choose and train them, and a fair, lawful "
            "work agreement, wage, holiday bonus (THR) and BPJS employment insurance."
        ),
    },
    "lessons": [
        {
            "slug": "kapan-siap-menambah-pekerja",
            "title": "Kapan siap menambah pekerja",
            "summary": "Tanda-tanda usaha butuh tenaga, menghitung biayanya, dan memilih orang.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Pekerja pertama adalah langkah besar: usaha bisa tumbuh lebih cepat, tetapi ada biaya "
                    "tetap yang harus dibayar setiap bulan, ramai atau sepi.</p>"
                    "<h3>Tanda-tanda siap</h3>"
                    "<ul>"
                    "<li>Pesanan sering ditolak karena tidak sanggup membuat.</li>"
                    "<li>Laba bersih tiga bulan berturut-turut cukup untuk membayar upah dan masih tersisa.</li>"
                    "<li>Anda menghabiskan waktu untuk pekerjaan yang bisa diajarkan (mengupas, mengemas, "
                    "mengantar), sehingga tidak sempat mencari pembeli baru.</li>"
                    "</ul>"
                    "<h3>Menghitung biaya</h3>"
                    "<p>Contoh: pekerja paruh waktu dengan upah Rp 1.500.000 per bulan. Tambahkan iuran BPJS "
                    "Ketenagakerjaan sekitar Rp 8.100 (lihat pelajaran berikutnya), cadangan THR Rp 125.000 "
                    "per bulan (seperdua belas upah), dan makan siang. Total sekitar Rp 1.700.000 per bulan. "
                    "Tambahan produksi dari pekerja itu harus menghasilkan laba lebih dari angka ini. Jika "
                    "satu pekerja memungkinkan Anda membuat 40 bungkus lagi per hari dengan laba Rp 2.000 per "
                    "bungkus selama 25 hari, tambahan laba Rp 2.000.000 per bulan: layak.</p>"
                    "<h3>Memilih dan melatih</h3>"
                    "<p>Utamakan kejujuran dan kemauan belajar; keterampilan bisa diajarkan. Mulailah dengan "
                    "masa percobaan yang disepakati. Tulis langkah kerja standar di selembar kertas (takaran, "
                    "urutan, kebersihan), tempel di dapur, dan ajarkan satu per satu. Berikan umpan balik "
                    "setiap minggu.</p>"
                    "<p>Merekrut dari keluarga atau tetangga sering lebih mudah, tetapi perlakukan mereka sama "
                    "seperti pekerja lain: upah yang jelas, jam kerja yang jelas, dan catatan pembayaran.</p>"
                ),
                tip(
                    "<p>Coba dulu tenaga borongan atau harian pada musim ramai (menjelang Lebaran) sebelum "
                    "mengangkat pekerja tetap. Anda belajar mengatur orang dengan risiko kecil.</p>"
                ),
                checklist(
                    "Siap merekrut?",
                    "Laba tiga bulan terakhir menutup biaya pekerja",
                    "Daftar pekerjaan yang akan diserahkan",
                    "Langkah kerja standar tertulis",
                    "Rencana masa percobaan",
                ),
                quiz(
                    question(
                        "Biaya pekerja Rp 1.700.000 per bulan dan tambahan laba dari pekerja itu Rp 1.200.000. Apa artinya?",
                        [
                            "Layak, karena produksi bertambah",
                            "Belum layak, karena biaya lebih besar dari tambahan laba",
                            "Tidak ada hubungannya",
                        ],
                        1,
                        "Pekerja harus menghasilkan tambahan laba lebih besar dari seluruh biayanya.",
                    ),
                    question(
                        "Apa yang paling penting saat memilih pekerja pertama?",
                        ["Kejujuran dan kemauan belajar", "Ijazah tertinggi", "Tinggal paling jauh"],
                        0,
                        "Keterampilan bisa dilatih; kejujuran dan kemauan belajar sulit diajarkan.",
                    ),
                ),
            ],
        },
        {
            "slug": "perjanjian-upah-bpjs",
            "title": "Perjanjian kerja, upah, dan BPJS",
            "summary": "Kewajiban pemberi kerja yang adil: perjanjian tertulis, upah, THR, dan jaminan sosial.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Kesepakatan lisan mudah disalahpahami. Tulis <b>perjanjian kerja</b> sederhana, "
                    "ditandatangani kedua pihak: nama, pekerjaan, tempat dan jam kerja, upah dan tanggal "
                    "pembayaran, masa percobaan, hari libur, serta lama perjanjian. Simpan satu salinan "
                    "untuk masing-masing.</p>"
                    "<h3>Upah</h3>"
                    "<p>Upah minimum (UMK) wajib bagi usaha menengah dan besar. Untuk usaha mikro dan kecil, "
                    "peraturan (PP 36/2021) membolehkan upah berdasarkan kesepakatan, dengan batas bawah: "
                    "paling sedikit 50% dari rata-rata konsumsi masyarakat di provinsi dan paling sedikit 25% "
                    "di atas garis kemiskinan. Angka ini diumumkan pemerintah daerah; tanyakan ke Dinas "
                    "Tenaga Kerja. Meski begitu, upah yang layak membuat pekerja bertahan, dan mengganti "
                    "pekerja jauh lebih mahal.</p>"
                    "<p>Bayar tepat tanggal, catat di buku kas sebagai biaya upah, dan berikan slip sederhana "
                    "atau minta tanda tangan di buku upah.</p>"
                    "<h3>THR</h3>"
                    "<p>Pekerja yang sudah bekerja minimal satu bulan berhak atas Tunjangan Hari Raya, "
                    "dibayar paling lambat tujuh hari sebelum hari raya keagamaan. Masa kerja 12 bulan atau "
                    "lebih: satu bulan upah. Kurang dari 12 bulan: sebanding, misalnya 6 bulan kerja dengan "
                    "upah Rp 1.500.000 mendapat 6/12 × Rp 1.500.000 = Rp 750.000. Sisihkan sedikit setiap "
                    "bulan.</p>"
                    "<h3>BPJS Ketenagakerjaan</h3>"
                    "<p>Usaha mikro paling sedikit mendaftarkan pekerjanya pada Jaminan Kecelakaan Kerja "
                    "(JKK) dan Jaminan Kematian (JKM). Untuk pekerjaan berisiko rendah iurannya sekitar 0,24% "
                    "(JKK) ditambah 0,30% (JKM) dari upah, jadi untuk upah Rp 1.500.000 hanya sekitar "
                    "Rp 8.100 per bulan. Pendaftaran bisa di kantor cabang atau secara online di situs resmi "
                    "BPJS Ketenagakerjaan. Jika terjadi kecelakaan kerja, biaya pengobatan ditanggung, "
                    "bukan dari kantong usaha Anda.</p>"
                ),
                warning(
                    "<p>Mempekerjakan anak di bawah umur tidak diperbolehkan. Untuk remaja usia 13–15 tahun "
                    "hanya pekerjaan ringan dengan izin orang tua, paling lama 3 jam sehari, dan tidak "
                    "mengganggu sekolah.</p>"
                ),
                checklist(
                    "Kewajiban pemberi kerja",
                    "Perjanjian kerja tertulis, dua salinan",
                    "Upah disepakati dan dibayar tepat tanggal",
                    "Tabungan THR setiap bulan",
                    "Pekerja terdaftar BPJS Ketenagakerjaan (JKK dan JKM)",
                ),
                quiz(
                    question(
                        "Pekerja dengan upah Rp 1.800.000 sudah bekerja 4 bulan saat Lebaran. Berapa THR-nya?",
                        ["Rp 600.000", "Rp 1.800.000", "Tidak berhak"],
                        0,
                        "4/12 × Rp 1.800.000 = Rp 600.000. Pekerja dengan masa kerja minimal satu bulan berhak "
                        "THR sebanding.",
                    ),
                    question(
                        "Program BPJS Ketenagakerjaan minimal untuk pekerja usaha mikro adalah…",
                        [
                            "Jaminan Kecelakaan Kerja dan Jaminan Kematian",
                            "Tidak ada kewajiban",
                            "Hanya Jaminan Pensiun",
                        ],
                        0,
                        "Usaha mikro paling sedikit mengikutkan pekerja pada JKK dan JKM, dengan iuran kecil.",
                    ),
                ),
            ],
        },
    ],
}

CASH_FLOW = {
    "slug": "mengelola-arus-kas",
    "tier": "advanced",
    "milestone_codes": ["belajar-maju"],
    "minutes": 30,
    "title": "Mengelola arus kas",
    "summary": (
        "Usaha yang untung pun bisa kehabisan uang. Buat proyeksi kas mingguan, atur stok dan piutang, dan "
        "bangun dana cadangan agar usaha tahan menghadapi musim sepi."
    ),
    "en": {
        "title": "Managing cash flow",
        "summary": (
            "Even a profitable business can run out of cash. Make a weekly cash forecast, manage stock and "
            "money owed to you, and build a reserve so the business weathers quiet seasons."
        ),
    },
    "lessons": [
        {
            "slug": "proyeksi-kas-mingguan",
            "title": "Proyeksi kas mingguan",
            "summary": "Melihat ke depan: kapan uang masuk, kapan harus keluar.",
            "minutes": 15,
            "body": [
                text(
                    "<p>Laba dan kas adalah dua hal berbeda. Laba adalah selisih penjualan dan biaya dalam "
                    "satu bulan; kas adalah uang yang benar-benar ada hari ini. Usaha katering yang mendapat "
                    "pesanan besar bisa untung, tetapi kehabisan uang karena harus belanja bahan sekarang "
                    "sementara pembayaran baru masuk dua minggu lagi.</p>"
                    "<h3>Membuat proyeksi kas</h3>"
                    "<p>Ambil selembar kertas dan buat kolom untuk empat minggu ke depan. Untuk setiap minggu "
                    "tulis:</p>"
                    "<ol>"
                    "<li><b>Kas awal</b>: uang usaha di awal minggu.</li>"
                    "<li><b>Perkiraan uang masuk</b>: penjualan tunai, pembayaran pesanan, piutang yang "
                    "jatuh tempo.</li>"
                    "<li><b>Perkiraan uang keluar</b>: belanja bahan, upah, cicilan, sewa, listrik, gaji "
                    "pemilik.</li>"
                    "<li><b>Kas akhir</b> = kas awal + masuk − keluar; menjadi kas awal minggu berikutnya.</li>"
                    "</ol>"
                    "<p>Contoh: kas awal Rp 1.200.000; minggu depan masuk Rp 2.500.000 dan keluar "
                    "Rp 3.000.000 (termasuk belanja bahan pesanan hajatan Rp 1.400.000), kas akhir "
                    "Rp 700.000. Minggu berikutnya ada cicilan KUR Rp 860.700 dan upah Rp 1.500.000. Dengan "
                    "proyeksi, Anda tahu dua minggu sebelumnya bahwa perlu meminta uang muka pesanan atau "
                    "menunda pembelian alat.</p>"
                    "<p>Setiap akhir minggu, bandingkan proyeksi dengan kenyataan dari buku kas, lalu perbaiki "
                    "perkiraan minggu-minggu berikutnya. Setelah beberapa bulan, perkiraan Anda akan semakin "
                    "tepat.</p>"
                ),
                tip(
                    "<p>Untuk pesanan besar, minta uang muka 30–50%. Uang muka menutup belanja bahan sehingga "
                    "kas usaha tidak terkuras.</p>"
                ),
                checklist(
                    "Proyeksi kas saya",
                    "Tabel empat minggu dengan kas awal, masuk, keluar, kas akhir",
                    "Semua tanggal cicilan, upah, dan sewa sudah dimasukkan",
                    "Minggu dengan kas akhir rendah sudah ditandai",
                    "Jadwal mingguan untuk membandingkan proyeksi dan kenyataan",
                ),
                quiz(
                    question(
                        "Kas awal Rp 1.000.000, uang masuk Rp 1.500.000, uang keluar Rp 2.000.000. Kas akhir?",
                        ["Rp 500.000", "Rp 1.500.000", "Rp 4.500.000"],
                        0,
                        "1.000.000 + 1.500.000 − 2.000.000 = Rp 500.000.",
                    ),
                    question(
                        "Usaha untung tetapi kasnya habis. Apa penyebab yang paling mungkin?",
                        [
                            "Pembukuan salah hitung",
                            "Uang keluar lebih dulu daripada uang masuk",
                            "Harga jual terlalu tinggi",
                        ],
                        1,
                        "Perbedaan waktu antara belanja dan pembayaran pembeli membuat kas kosong meski usaha "
                        "untung.",
                    ),
                ),
            ],
        },
        {
            "slug": "stok-piutang-cadangan",
            "title": "Stok, piutang, dan dana cadangan",
            "summary": "Tiga tempat uang usaha sering tertahan, dan bantalan untuk musim sepi.",
            "minutes": 15,
            "body": [
                text(
                    "<h3>Stok</h3>"
                    "<p>Barang di rak adalah uang yang sedang tidur. Hitung stok setiap minggu dan catat "
                    "barang yang lambat laku. Belilah bahan sesuai kebutuhan satu sampai dua minggu, kecuali "
                    "ada potongan harga besar untuk bahan yang tahan lama. Untuk barang yang lambat laku, buat "
                    "paket atau promo sebelum kedaluwarsa.</p>"
                    "<h3>Piutang (bon pelanggan)</h3>"
                    "<p>Penjualan yang belum dibayar bukan uang sampai dibayar. Catat setiap bon di buku "
                    "piutang: nama, tanggal, jumlah, dan janji bayar. Tetapkan batas: misalnya bon paling "
                    "banyak Rp 200.000 per pelanggan dan paling lama dua minggu. Untuk warung atau toko yang "
                    "Anda titipi barang, tagih secara rutin pada hari yang tetap dan jangan menitip barang baru "
                    "sebelum titipan lama dibayar.</p>"
                    "<h3>Dana cadangan</h3>"
                    "<p>Sisihkan sebagian laba setiap bulan, misalnya 10%, ke rekening tabungan terpisah "
                    "sampai terkumpul biaya operasional satu sampai tiga bulan. Contoh: jika pengeluaran usaha "
                    "Rp 4.000.000 per bulan, targetkan cadangan Rp 4.000.000–Rp 12.000.000. Cadangan ini "
                    "dipakai hanya untuk keadaan darurat: alat rusak, musim sepi, atau sakit, bukan untuk "
                    "belanja rutin.</p>"
                    "<p>Pola musiman juga bisa direncanakan. Penjualan kue kering melonjak menjelang Lebaran "
                    "dan Natal, sedangkan bulan-bulan sesudahnya sepi. Simpan sebagian laba musim ramai untuk "
                    "menutup bulan sepi.</p>"
                ),
                warning(
                    "<p>Jangan meminjam dari rentenir atau pinjaman online ilegal untuk menutup kas yang "
                    "kosong. Bunganya bisa berlipat dalam hitungan minggu. Cek legalitas pinjaman online di "
                    "situs OJK dan bicarakan dengan pendamping usaha Anda lebih dulu.</p>"
                ),
                checklist(
                    "Uang yang tertahan",
                    "Hitung stok mingguan dan tandai barang lambat laku",
                    "Buku piutang dengan batas jumlah dan waktu",
                    "Jadwal menagih titipan",
                    "Rekening dana cadangan dan target jumlahnya",
                ),
                quiz(
                    question(
                        "Pengeluaran usaha Rp 3.000.000 per bulan. Target dana cadangan yang wajar adalah…",
                        ["Rp 300.000", "Rp 3.000.000 sampai Rp 9.000.000", "Tidak perlu cadangan"],
                        1,
                        "Cadangan satu sampai tiga bulan pengeluaran memberi waktu untuk bertahan saat sepi.",
                    ),
                    question(
                        "Warung belum membayar titipan bulan lalu. Apa yang sebaiknya dilakukan?",
                        [
                            "Titip barang lebih banyak agar laku",
                            "Tagih dulu sebelum menitip barang baru",
                            "Lupakan saja",
                        ],
                        1,
                        "Menitip barang baru sebelum yang lama dibayar menambah uang yang tertahan.",
                    ),
                ),
            ],
        },
    ],
}

COURSES = [BOOKKEEPING, PRICING, NIB, BRANDING, SELLING_ONLINE, PIRT_HALAL, KUR, FIRST_WORKER, CASH_FLOW]

INDEX = {
    "id": {
        "title": "Belajar",
        "intro": (
            "<p>Kursus singkat untuk setiap tingkat program: baca di ponsel, kerjakan kuisnya, dan tandai "
            "selesai. Kursus tingkat Anda ditampilkan lebih dulu.</p>"
        ),
    },
    "en": {
        "title": "Learn",
        "intro": (
            "<p>Short courses for each tier of the program: read on your phone, take the quiz and mark each "
            "lesson done. Your own tier's courses come first.</p>"
        ),
    },
}

# --------------------------------------------------------------------------------- English lessons
# Translations of lessons, by slug. Each quiz keeps the Indonesian question and answer order, because
# a quiz attempt counts for the lesson in both languages.


def quiz_en(*questions: dict, pass_mark: int = 100) -> Block:
    return ("quiz", {"title": "Short quiz", "pass_mark": pass_mark, "questions": list(questions)})


ENGLISH_LESSONS: dict[str, dict[str, Any]] = {
    "pisahkan-uang-usaha": {
        "title": "Keep business money apart from household money",
        "summary": "The first step of bookkeeping: two purses, and a salary for yourself.",
        "body": [
            text(
                "<p>Many small businesses look busy with customers, yet the money always seems to run out. The "
                "usual cause is not a loss but mixed money: sales takings pay for rice, electricity or the "
                "children's snacks, and when it is time to buy ingredients the capital is gone. Without "
                "separating the two, you never know whether the business actually makes a profit.</p>"
                "<h3>Two places for money</h3>"
                "<p>Start with two separate places: one purse, tin or envelope only for the business and one "
                "for the household. Better still, keep business money in its own bank account or e-wallet "
                "(for example a savings account in your name used only for the business). All sales go into "
                "the business place, and every purchase of ingredients, packaging and business costs comes out "
                "of it.</p>"
                "<h3>A salary for yourself</h3>"
                "<p>So how does the family eat? Pay yourself a salary. Choose a fixed amount, for example "
                "Rp 50.000 a day or Rp 1.500.000 a month, moved from business money to household money. Match "
                "it to what the business can afford: start small and raise it once three months of records "
                "show a profit. Beyond that salary, business money is not taken.</p>"
                "<p>If one day you must use business money for the household, record it as a <b>loan from the "
                "business</b> and pay it back. The same the other way round: household money used in the "
                "business is recorded as added capital.</p>"
            ),
            tip(
                "<p>Stock you use yourself is recorded too. If you sell groceries and take 2 kg of sugar for "
                "your kitchen, record it as an owner's withdrawal at its purchase price, for example "
                "Rp 36.000.</p>"
            ),
            warning(
                "<p>A common mistake: thinking all the money in the drawer is profit. Part of it is the capital "
                "for the next purchase of ingredients. If the capital gets spent, the business shrinks without "
                "you noticing.</p>"
            ),
            checklist(
                "Steps this week",
                "Set up a purse, tin or account only for the business",
                "Count today's business money as your starting capital",
                "Decide a daily or monthly salary for yourself",
                "Agree on these rules with your spouse or family members who help",
            ),
            quiz_en(
                question(
                    "Today's sales are Rp 400.000. What should you do?",
                    [
                        "Put it all in the business money place, then take the owner's fixed salary",
                        "Spend it on the kitchen first and give the rest to the business",
                        "Keep it in your personal purse so it is safe",
                    ],
                    0,
                    "All business money goes to one place. The family gets a fixed salary, so the business "
                    "capital is not spent.",
                ),
                question(
                    "You had to use Rp 100.000 of business money for school fees. How do you record it?",
                    [
                        "No need to record it, it is your own money",
                        "Record it as a loan from the business and pay it back",
                        "Record it as a business cost",
                    ],
                    1,
                    "School fees are not a business cost. Recording a loan keeps the capital visible and "
                    "reminds you to repay it.",
                ),
            ),
        ],
    },
    "buku-kas-harian": {
        "title": "The daily cash book and monthly profit",
        "summary": "Five columns are enough to know money in, money out and profit.",
        "body": [
            text(
                "<p>A cash book records all the money that comes into and goes out of the business. One ruled "
                "notebook with five columns is enough: <b>date</b>, <b>description</b>, <b>money in</b>, "
                "<b>money out</b> and <b>balance</b>. The balance is the money that should be in the business "
                "purse after that entry.</p>"
                "<h3>An example day</h3>"
                "<ul>"
                "<li>Opening balance in the morning: Rp 250.000</li>"
                "<li>Flour and sugar: out Rp 120.000, balance Rp 130.000</li>"
                "<li>Morning cake sales: in Rp 310.000, balance Rp 440.000</li>"
                "<li>Owner's salary: out Rp 50.000, balance Rp 390.000</li>"
                "</ul>"
                "<p>In the evening, count the money you really have. If it differs from the balance in the "
                "book, find out why that same day: usually a small purchase was not written down or change was "
                "given wrongly. Differences left alone pile up and make the records untrustworthy.</p>"
                "<h3>Working out monthly profit</h3>"
                "<p>At the end of the month add up all sales, then subtract ingredients and business costs "
                "(packaging, gas, business electricity, transport, stall rent). The owner's salary is a cost "
                "too, so the profit left truly belongs to the business, to save or to grow the capital. "
                "Example: sales Rp 6.200.000, ingredients Rp 3.100.000, other costs Rp 650.000, owner's salary "
                "Rp 1.500.000, so the business profit is Rp 950.000.</p>"
                "<p>Keep all receipts in one envelope per month. Receipts help when you fill in the monthly "
                "report in Tumbuh, and later when you apply for a loan such as KUR, because banks want to see at "
                "least six months of business records.</p>"
            ),
            tip(
                "<p>Prefer your phone? Free cash-book apps such as BukuKas or BukuWarung, or a simple Google "
                "Sheets spreadsheet, work just as well. Recording every day matters more than the tool.</p>"
            ),
            warning(
                "<p>Do not leave the recording until the end of the week. Within two days most people have "
                "forgotten small purchases such as plastic bags, ice or a motorbike-taxi fare.</p>"
            ),
            checklist(
                "Start recording",
                "Make a cash book with date, description, in, out and balance columns",
                "Write today's opening balance",
                "Match the book balance with the cash in hand every evening",
                "Keep receipts in a monthly envelope",
                "Work out the profit at month end and fill in the monthly report in Tumbuh",
            ),
            quiz_en(
                question(
                    "Opening balance Rp 200.000, ingredients Rp 80.000, sales Rp 150.000. What is the closing "
                    "balance?",
                    ["Rp 270.000", "Rp 350.000", "Rp 130.000"],
                    0,
                    "200.000 − 80.000 + 150.000 = Rp 270.000.",
                ),
                question(
                    "In the evening the cash in hand is Rp 20.000 less than the book balance. What do you do?",
                    [
                        "Leave it, it will balance out",
                        "Find the unrecorded transaction that same day",
                        "Change the balance in the book to match",
                    ],
                    1,
                    "A difference is easiest to find on the same day, while you still remember every "
                    "transaction.",
                ),
                question(
                    "Why is the owner's salary recorded as a cost?",
                    [
                        "To make the profit look smaller for tax",
                        "So the profit left truly belongs to the business",
                        "Because the bank requires it",
                    ],
                    1,
                    "Your work has a price too. Once the owner's salary is paid, the remaining profit can be "
                    "saved or reinvested without hurting the family.",
                ),
            ),
        ],
    },
    "menghitung-hpp": {
        "title": "Working out the cost of goods (HPP) per product",
        "summary": "Every cost of making one product, including the ones people forget.",
        "body": [
            text(
                "<p>HPP (harga pokok penjualan, cost of goods sold) is the cost of producing one product ready "
                "for sale. Many entrepreneurs set prices only by looking at the neighbour's, then are surprised "
                "to have plenty of customers but no money left. Working out HPP makes sure every sale really "
                "earns a profit.</p>"
                "<h3>Three groups of costs</h3>"
                "<ol>"
                "<li><b>Raw materials</b>: everything that goes into the product.</li>"
                "<li><b>Supporting materials and packaging</b>: gas, oil, plastic, stickers, rubber bands.</li>"
                "<li><b>Labour</b>: a worker's wage, or the value of your own time if you do it yourself.</li>"
                "</ol>"
                "<h3>Example: banana chips, one batch of 50 packs</h3>"
                "<ul>"
                "<li>10 hands of bananas: Rp 100.000</li>"
                "<li>2 litres of cooking oil: Rp 36.000</li>"
                "<li>Seasoning and salt: Rp 10.000</li>"
                "<li>Gas (half a 3 kg cylinder): Rp 11.000</li>"
                "<li>50 bags and stickers: Rp 25.000</li>"
                "<li>Labour (4 hours): Rp 40.000</li>"
                "</ul>"
                "<p>The batch costs Rp 222.000 in total. HPP per pack = Rp 222.000 ÷ 50 = <b>Rp 4.440</b>. If "
                "you now sell at Rp 5.000, the profit per pack is only Rp 560, before delivery costs and broken "
                "packs.</p>"
                "<p>Weigh and record every ingredient for one batch, and repeat the calculation whenever prices "
                "change. Oil, eggs and chillies can rise quickly before the holidays.</p>"
            ),
            tip(
                "<p>Count failed or damaged products too. If 2 of every 50 packs usually break, divide the total "
                "cost by 48, not 50.</p>"
            ),
            warning(
                "<p>A common mistake: leaving out your own labour because “I do it myself”. If you later need a "
                "worker, the old price will not cover their wage.</p>"
            ),
            checklist(
                "Work out the HPP of your best seller",
                "Record every ingredient and quantity for one batch",
                "Write the latest purchase price of each ingredient",
                "Add packaging, gas/electricity and labour",
                "Divide by the number of sellable products",
            ),
            quiz_en(
                question(
                    "A batch costs Rp 300.000 in total and gives 60 sellable packs. What is the HPP per pack?",
                    ["Rp 3.000", "Rp 5.000", "Rp 6.000"],
                    1,
                    "Rp 300.000 ÷ 60 = Rp 5.000 per pack.",
                ),
                question(
                    "What belongs in HPP?",
                    [
                        "Only the main raw material",
                        "Raw materials, packaging, supporting materials and labour",
                        "The competitor's selling price",
                    ],
                    1,
                    "HPP covers every cost of making the product ready to sell, including packaging and labour.",
                ),
            ),
        ],
    },
    "dari-hpp-ke-harga-jual": {
        "title": "From HPP to a selling price",
        "summary": "Adding business costs and profit, then comparing with the market.",
        "body": [
            text(
                "<p>Once you know the HPP, the selling price is built from three parts: the HPP, a share of the "
                "business costs outside production (transport to buy supplies, phone credit for promotion, stall "
                "rent) and the profit. The easiest way for a small business is to add a profit percentage "
                "(markup) to the cost.</p>"
                "<h3>Example</h3>"
                "<p>The HPP of banana chips is Rp 4.440. Other business costs are about Rp 300 per pack, so the "
                "cost per pack is Rp 4.740. With a 40% markup the price = Rp 4.740 × 1.4 = Rp 6.636, rounded to "
                "<b>Rp 7.000</b>. For a shop that sells on consignment and asks Rp 1.000 per pack, a consignment "
                "price of Rp 6.000 still leaves Rp 1.260 profit per pack.</p>"
                "<h3>Compare with the market</h3>"
                "<p>Look at the prices of similar products around you and on marketplaces. If yours is much "
                "higher, look for ways to lower costs (buy ingredients in larger amounts, simpler packaging) or "
                "show what makes your product better: crunchier, no preservatives, a bigger pack. If yours is "
                "much lower, you may be under-pricing: buyers often gladly pay Rp 500 to Rp 1.000 more for a "
                "clean product in neat packaging.</p>"
                "<p>Write a price list for every way you sell: retail, wholesale (for example at least 20 "
                "packs), consignment and online (which must cover the marketplace fee). With a written list you "
                "never have to guess when a buyer bargains.</p>"
            ),
            tip(
                "<p>Prices in whole thousands (Rp 7.000, Rp 10.000) make change easy at a stall. On "
                "marketplaces, a price such as Rp 6.900 looks more attractive.</p>"
            ),
            warning(
                "<p>Never drop your price below HPP to beat a competitor. Price wars are usually won by the "
                "business with the most capital, not the best product.</p>"
            ),
            checklist(
                "Set the price",
                "Add business costs per product to the HPP",
                "Choose a markup (for example 30–50%) and round the price",
                "Compare with three similar products nearby",
                "Write retail, wholesale, consignment and online prices",
            ),
            quiz_en(
                question(
                    "The cost per product is Rp 10.000 and the markup 30%. What is the price before rounding?",
                    ["Rp 10.300", "Rp 13.000", "Rp 30.000"],
                    1,
                    "Rp 10.000 × 1.3 = Rp 13.000.",
                ),
                question(
                    "A competitor sells below your HPP. What is the right step?",
                    [
                        "Sell below HPP as well",
                        "Find ways to cut costs or show what makes your product better",
                        "Stop selling",
                    ],
                    1,
                    "Selling below HPP means losing money on every sale. Cut costs or show your product's "
                    "extra value.",
                ),
            ),
        ],
    },
    "apa-itu-nib": {
        "title": "What an NIB is and what to prepare",
        "summary": "Why an NIB helps a micro business, and the documents you need.",
        "body": [
            text(
                "<p>The NIB (Nomor Induk Berusaha, business identification number) is your business's official "
                "identity, issued by the OSS (Online Single Submission) system of the Ministry of "
                "Investment/BKPM. For low-risk micro businesses, such as a food stall, home-made cakes or "
                "tailoring, the NIB is the business licence itself. Registration is <b>free</b> and needs no "
                "go-between.</p>"
                "<h3>Why it matters</h3>"
                "<ul>"
                "<li>It is required for the P-IRT certificate and the free (self-declare) halal certificate.</li>"
                "<li>Banks use it as proof of business when you apply for KUR.</li>"
                "<li>It lets your business supply shops, cooperatives or government offices.</li>"
                "<li>It is needed to join government programmes and MSME exhibitions.</li>"
                "</ul>"
                "<p>Almost every Tumbuh participant is a <b>micro business</b>: business capital of at most "
                "Rp 1 billion excluding land and buildings, or sales of at most Rp 2 billion a year. A low-risk "
                "micro business needs only the NIB; no separate nuisance permit or business domicile letter is "
                "needed to start selling.</p>"
                "<h3>What to prepare</h3>"
                "<ul>"
                "<li>The owner's electronic ID card (NIK).</li>"
                "<li>An active email address and a mobile number (for verification codes).</li>"
                "<li>The full business address, including RT/RW and postcode.</li>"
                "<li>An estimate of business capital, number of workers and your business activity.</li>"
                "<li>A tax number (NPWP) if you have one (micro businesses can register with the NIK).</li>"
                "</ul>"
                "<p>The business activity is chosen by its KBLI code (the Indonesian standard classification of "
                "business fields). In OSS you just type a keyword, for example “cake”, “food stall” or "
                "“tailoring” in Indonesian, and pick the one that best fits your main activity. If in doubt, ask "
                "your business mentor or visit the Public Service Mall / DPMPTSP of your regency or city.</p>"
            ),
            warning(
                "<p>Beware of people offering an “NIB service” for hundreds of thousands of rupiah, and of sites "
                "that imitate oss.go.id. The only official service is <b>oss.go.id</b>, and it is free.</p>"
            ),
            checklist(
                "Prepare before registering",
                "A photo or copy of your ID card",
                "An active email you can open on your phone",
                "The full business address with postcode",
                "Keywords for your business activity to find the KBLI",
                "An estimate of business capital (excluding land and buildings)",
            ),
            quiz_en(
                question(
                    "What is the official fee for an NIB for a micro business?",
                    ["Free", "Rp 250.000", "It depends on the district"],
                    0,
                    "Registering an NIB at oss.go.id is free of charge.",
                ),
                question(
                    "What is the KBLI code for?",
                    [
                        "The business bank account number",
                        "Describing your kind of business activity",
                        "The tax number",
                    ],
                    1,
                    "KBLI classifies business activities. Choose the one that matches your main activity.",
                ),
            ),
        ],
    },
    "langkah-daftar-oss": {
        "title": "Registering in OSS, step by step",
        "summary": "From creating an account to downloading the NIB.",
        "body": [
            text(
                "<p>Registration can be done in one sitting, about 30–60 minutes, if your documents are ready. "
                "Use a stable connection and preferably a browser on your phone or a computer.</p>"
                "<ol>"
                "<li>Open <b>oss.go.id</b>, choose <b>Daftar</b> (register), then the business type <b>Orang "
                "Perseorangan</b> (individual) and the scale <b>Usaha Mikro dan Kecil (UMK)</b>.</li>"
                "<li>Enter your NIK, name as on the ID card, email and mobile number. Open the email and click the "
                "activation link; the password is sent to that email.</li>"
                "<li>Log in to OSS, complete your personal data, then choose <b>Perizinan Berusaha</b> → "
                "<b>Permohonan Baru</b> (new application).</li>"
                "<li>Fill in the business data: business name, address, capital and number of workers.</li>"
                "<li>Add the business field: type a keyword, choose the KBLI, and enter the location and the "
                "floor area used (for example 12 m² of a home kitchen).</li>"
                "<li>Check the summary. For low-risk activities the system issues the NIB at once. Tick the "
                "self-declaration and click <b>Terbitkan NIB</b> (issue NIB).</li>"
                "<li>Download the NIB document (PDF), keep it on your phone and print one copy.</li>"
                "</ol>"
                "<p>If your activity is medium risk, OSS will ask for a Standard Certificate in the form of a "
                "self-declaration; for home-processed food the next step is the SPP-IRT, covered in a course for "
                "the Developing tier.</p>"
                "<p>Once the NIB is issued, upload a photo of it as milestone evidence in Tumbuh so your business "
                "mentor can check it.</p>"
            ),
            tip(
                "<p>Use the same business name on the NIB, your packaging and your online shop accounts. "
                "Consistency helps buyers and banks recognise your business.</p>"
            ),
            warning(
                "<p>Wrong data (for example the address or KBLI) can be corrected in OSS through the data change "
                "menu, but it is better to check twice before issuing the NIB.</p>"
            ),
            checklist(
                "Register today",
                "Create an OSS account and activate it by email",
                "Fill in the business data and choose the KBLI",
                "Issue and download the NIB",
                "Upload a photo of the NIB as milestone evidence in Tumbuh",
            ),
            quiz_en(
                question(
                    "Where is the OSS account password sent after registering?",
                    ["By text message", "To the registered email", "Collected at the district office"],
                    1,
                    "OSS sends the activation link and password by email, so the email must be active.",
                ),
                question(
                    "For a low-risk micro business, what happens once the data is complete?",
                    [
                        "Wait a month for an officer's visit",
                        "The NIB is issued at once and can be downloaded",
                        "A levy must be paid first",
                    ],
                    1,
                    "For low risk, the system issues the NIB straight away and it serves as the business "
                    "licence.",
                ),
            ),
        ],
    },
}

ENGLISH_LESSONS.update(
    {
        "merek-yang-mudah-diingat": {
            "title": "A brand people remember",
            "summary": "A name, logo, colours and a story that bring buyers back.",
            "body": [
                text(
                    "<p>A brand is the reason a buyer picks your product again rather than the one next to it. "
                    "It does not have to be expensive: a clear name, a consistent look and a promise you always "
                    "keep (the same taste, the same size, delivery on time).</p>"
                    "<h3>Choosing a name</h3>"
                    "<ul>"
                    "<li>Short and easy to say: two or three syllables, such as “Keripik Bu Sri” or “Dapur "
                    "Rasa”.</li>"
                    "<li>Not already used by another business in the same field. Search marketplaces, Instagram "
                    "and the DJKI trademark database (pdki-indonesia.dgip.go.id).</li>"
                    "<li>Usable for your next products; avoid names that are too narrow, like “Only Banana "
                    "Chips”.</li>"
                    "</ul>"
                    "<h3>Logo and colours</h3>"
                    "<p>Pick one or two main colours and one typeface, and use them everywhere: packaging "
                    "stickers, banners, your WhatsApp profile photo and receipts. You can make a simple logo "
                    "yourself with a free design app on your phone. What matters is that it stays readable when "
                    "printed small on a 5 cm sticker.</p>"
                    "<h3>Your business story</h3>"
                    "<p>Write two or three sentences about your business: who makes it, where the ingredients "
                    "come from, what makes it different. For example: “Made by the women of Sukamaju village "
                    "from kepok bananas grown in our own gardens, with no preservatives.” Use this story on the "
                    "packaging, in your catalogue and when you approach shops.</p>"
                    "<p>Once the business is running and the brand is becoming known, register the trademark with "
                    "DJKI. Micro and small businesses pay a special lower fee by attaching a UMK certificate, and "
                    "registration is done online.</p>"
                ),
                tip(
                    "<p>Ask five regular customers: what word do they remember about your product? Their answers "
                    "are the best material for your brand name and story.</p>"
                ),
                checklist(
                    "My brand",
                    "The business name has been checked and is not used by others",
                    "One simple logo and two main colours",
                    "A business story in two or three sentences",
                    "The same name and logo on packaging, WhatsApp and marketplaces",
                ),
                quiz_en(
                    question(
                        "Which brand name is best?",
                        [
                            "A short name, easy to say and not used by competitors",
                            "A long name that explains every product",
                            "A name similar to a famous brand so it is known quickly",
                        ],
                        0,
                        "A name similar to a famous brand can be challenged. A short, unique name is easier to "
                        "remember and register.",
                    ),
                    question(
                        "Why should colours and logo be the same everywhere?",
                        [
                            "To make printing cheaper",
                            "So buyers recognise your business at once",
                            "Because the NIB requires it",
                        ],
                        1,
                        "Consistency helps buyers recognise your product on the shelf, on WhatsApp and on "
                        "marketplaces.",
                    ),
                ),
            ],
        },
        "kemasan-dan-label": {
            "title": "Packaging and a correct label",
            "summary": "Packaging that protects the product and a label that follows the rules.",
            "body": [
                text(
                    "<p>Packaging has three jobs: protecting the product, informing the buyer and attracting "
                    "them. For dry snacks, a thick resealable bag (a standing pouch with a zip lock) keeps chips "
                    "crunchy far longer than a thin plastic bag sealed with a candle flame. A 14 × 22 cm standing "
                    "pouch usually costs about Rp 1.000–Rp 1.500 each when bought by the hundred; include it in "
                    "the HPP.</p>"
                    "<h3>What a processed-food label contains</h3>"
                    "<ul>"
                    "<li>The product name and brand.</li>"
                    "<li>The ingredients, from the largest amount down.</li>"
                    "<li>The net weight or net contents (for example “Net weight: 100 g”).</li>"
                    "<li>The producer's name and address.</li>"
                    "<li>The best-before date and a production code.</li>"
                    "<li>The P-IRT number and halal logo, <b>only after</b> the certificates are issued.</li>"
                    "</ul>"
                    "<p>The production code can be simple, for example the production date “KP-2026-03-15”. If a "
                    "complaint ever comes, you know which batch the product came from.</p>"
                    "<h3>Photos and looks</h3>"
                    "<p>Neat packaging also makes online sales photos more attractive. Make sure stickers are "
                    "straight, do not cover the product, and leave a clear window so buyers can see what is "
                    "inside.</p>"
                ),
                warning(
                    "<p>Printing a P-IRT number or the halal logo before the certificate is issued is an offence "
                    "and can be sanctioned. Leave that space empty until you really have it.</p>"
                ),
                tip(
                    "<p>Print label stickers at a digital print shop in a small run first (for example 100 "
                    "sheets). Once you are sure the design is right, order more to get a lower price.</p>"
                ),
                checklist(
                    "Check your packaging",
                    "The packaging closes tightly and protects the product",
                    "The label has name, ingredients, net weight, producer and best-before date",
                    "There is a production code",
                    "Packaging and sticker costs are in the HPP",
                ),
                quiz_en(
                    question(
                        "When may the P-IRT number appear on the label?",
                        [
                            "After registering the NIB",
                            "After the SPP-IRT is issued",
                            "Any time, so buyers trust the product",
                        ],
                        1,
                        "The P-IRT number comes with the SPP-IRT. Printing it before then breaks the rules.",
                    ),
                    question(
                        "What is the production code for?",
                        [
                            "Decoration",
                            "Tracing which batch a product came from if there is a complaint",
                            "Replacing the best-before date",
                        ],
                        1,
                        "The production code lets you trace a problem back to one particular batch.",
                    ),
                ),
            ],
        },
        "katalog-whatsapp-business": {
            "title": "A WhatsApp Business catalogue",
            "summary": "Turning WhatsApp into a shop window with a catalogue, quick replies and labels.",
            "body": [
                text(
                    "<p>Most buyers of a micro business are already in your WhatsApp contacts. The "
                    "<b>WhatsApp Business</b> app is free and can use the same number (back up your chats "
                    "first). Its features make selling much tidier than ordinary WhatsApp.</p>"
                    "<h3>Set up the business profile</h3>"
                    "<p>Fill in the business name, category, address, opening hours and a short description. Use "
                    "your logo as the profile photo.</p>"
                    "<h3>Build a catalogue</h3>"
                    "<p>Under <b>Business tools → Catalogue</b>, add each product with a photo, name, price and "
                    "description: size, flavour, weight and shelf life. Buyers can browse the catalogue and order "
                    "from it, and you can share the catalogue link in your status or in groups.</p>"
                    "<h3>Quick replies and labels</h3>"
                    "<p>Create <b>quick replies</b> for questions that come often, for example “/price” for the "
                    "price list and “/account” for your bank account number. Put <b>labels</b> on chats: “New "
                    "order”, “Paid”, “Sent”, so no order is missed.</p>"
                    "<h3>Product photos with a phone</h3>"
                    "<p>Shoot near a window in the morning or afternoon, against a plain background (a white "
                    "cloth or paper). Take photos from the front and from above, show what is inside, and wipe "
                    "the camera lens first. Three bright photos beat ten dark ones.</p>"
                    "<p>Use WhatsApp status regularly: show today's production, customer testimonials and "
                    "limited offers, one to three times a day. Do not send repeated promotions to people who did "
                    "not ask; invite buyers to join a broadcast list instead.</p>"
                ),
                tip(
                    "<p>Record every WhatsApp order in the cash book the same day. Unrecorded online sales make "
                    "your monthly profit look smaller than it really is.</p>"
                ),
                checklist(
                    "Set up WhatsApp Business",
                    "A complete business profile with opening hours and address",
                    "At least five products in the catalogue with bright photos",
                    "Quick replies for prices and payment",
                    "Chat labels for order status",
                ),
                quiz_en(
                    question(
                        "Where is it best to photograph products with a phone?",
                        [
                            "Near a window with natural light and a plain background",
                            "At night with the flash",
                            "In the kitchen with furniture behind",
                        ],
                        0,
                        "Natural light and a plain background show the product's true colours attractively.",
                    ),
                    question(
                        "What are chat labels in WhatsApp Business good for?",
                        [
                            "Sending messages faster",
                            "Grouping orders so none is missed",
                            "Hiding chats from buyers",
                        ],
                        1,
                        "Labels such as “Paid” and “Sent” help you track every order.",
                    ),
                ),
            ],
        },
        "berjualan-di-marketplace": {
            "title": "Selling on a marketplace",
            "summary": "Opening an online shop, counting the fees and shipping safely.",
            "body": [
                text(
                    "<p>Marketplaces such as Shopee, Tokopedia or Lazada connect you with buyers in other towns. "
                    "Opening a shop is free, but every sale carries a <b>service/administration fee</b> of a few "
                    "percent of the price, and the rates change from time to time. Always check the current fees "
                    "in the seller education centre before setting prices.</p>"
                    "<h3>Working out the online price</h3>"
                    "<p>Say the retail price is Rp 15.000 and the total marketplace fee is 8%. To still receive "
                    "Rp 15.000, the online price = Rp 15.000 ÷ 0.92 ≈ <b>Rp 16.300</b>. Add the cost of shipping "
                    "materials (bubble wrap, boxes) too, about Rp 1.000–Rp 2.000 per parcel.</p>"
                    "<h3>A product page that sells</h3>"
                    "<ul>"
                    "<li>A title with the words buyers search for: “Sweet and Spicy Banana Chips 100 g No "
                    "Preservatives”.</li>"
                    "<li>The first photo shows the product on white; the next show the contents, size and "
                    "label.</li>"
                    "<li>A description: taste, weight, ingredients, shelf life, storage and the P-IRT number if "
                    "you have one.</li>"
                    "<li>The correct parcel weight, so shipping costs are not miscalculated.</li>"
                    "</ul>"
                    "<h3>Service</h3>"
                    "<p>Reply to chats within hours, pack neatly and ship within the deadline. Five-star reviews "
                    "from the first buyers matter a great deal. Ask buyers for a review with a small thank-you "
                    "card in the parcel.</p>"
                ),
                warning(
                    "<p>Be careful with cash-on-delivery (COD) orders for perishable products: parcels refused by "
                    "the buyer come back spoiled. For such products, turn COD off or limit it to the nearest "
                    "town.</p>"
                ),
                tip(
                    "<p>Do not move all your sales to a marketplace. Regular and local customers are more "
                    "profitable through WhatsApp because there is no fee.</p>"
                ),
                checklist(
                    "Open an online shop",
                    "Register the shop with the same brand name",
                    "Work out an online price that covers the fee and shipping materials",
                    "Upload your three best sellers with full photos and descriptions",
                    "Prepare shipping materials",
                ),
                quiz_en(
                    question(
                        "The retail price is Rp 20.000 and the marketplace fee 10%. The right online price is "
                        "about…",
                        ["Rp 20.000", "Rp 22.200", "Rp 30.000"],
                        1,
                        "Rp 20.000 ÷ 0.9 ≈ Rp 22.200, so after the fee you still receive Rp 20.000.",
                    ),
                    question(
                        "What is the risk of COD for fresh cakes?",
                        [
                            "There is no risk",
                            "The parcel may be refused and come back spoiled",
                            "The buyer pays twice",
                        ],
                        1,
                        "Perishable products cannot be sold again once returned.",
                    ),
                ),
            ],
        },
    }
)

ENGLISH_LESSONS.update(
    {
        "mengurus-spp-irt": {
            "title": "Getting the SPP-IRT",
            "summary": "The distribution licence for home-made food: who needs it, requirements and steps.",
            "body": [
                text(
                    "<p>The SPP-IRT (Sertifikat Produksi Pangan Industri Rumah Tangga, home-industry food "
                    "production certificate) is the distribution licence for home-made processed food, issued by "
                    "the regency or city government through OSS. Its number, known as the P-IRT number, goes on "
                    "the label and lets the product into shops, local minimarkets and souvenir stores.</p>"
                    "<h3>Who needs it</h3>"
                    "<p>Packaged, labelled processed food that keeps for more than seven days, such as chips, "
                    "cookies, bottled sambal, shredded meat floss or powdered drinks. Fresh cakes eaten within a "
                    "day or two do not need a P-IRT. Some foods may not use P-IRT and need a BPOM (MD) licence "
                    "instead, including dairy products, baby food, frozen food and canned food.</p>"
                    "<h3>Steps</h3>"
                    "<ol>"
                    "<li>Make sure you have an NIB with the right food-industry KBLI.</li>"
                    "<li>Attend the <b>Food Safety Extension course (PKP)</b> run by the regency or city health "
                    "office (in person or online) and keep the certificate.</li>"
                    "<li>Apply for the SPP-IRT in OSS for that business activity, uploading the PKP certificate, "
                    "the label design and product data (ingredients, process, shelf life).</li>"
                    "<li>Health office staff inspect the production place: kitchen hygiene, clean water, a "
                    "hand-washing station, ingredient storage and no pets in the production area.</li>"
                    "<li>Once it passes, the SPP-IRT is issued. It is valid for five years and can be "
                    "renewed.</li>"
                    "</ol>"
                    "<p>In many regions it is free; where there is a levy, the amount is set by regional "
                    "regulation and paid officially to the regional treasury. Ask the health office or the local "
                    "Public Service Mall.</p>"
                ),
                tip(
                    "<p>Before the inspector comes, tidy the production kitchen: keep ingredients apart from "
                    "household goods, use lidded containers, and have aprons, hair covers and soap at the "
                    "hand-washing place.</p>"
                ),
                warning(
                    "<p>One SPP-IRT covers one kind of product. If you add a new product, say cassava chips "
                    "after banana chips, the new product must be registered.</p>"
                ),
                checklist(
                    "Towards the SPP-IRT",
                    "An NIB with a food-industry KBLI",
                    "The Food Safety Extension (PKP) certificate",
                    "A complete label design",
                    "A clean, orderly production kitchen",
                    "An OSS application and an inspection date",
                ),
                quiz_en(
                    question(
                        "Which product needs an SPP-IRT?",
                        [
                            "Fresh cakes eaten within a day",
                            "Chips in a labelled pack that keep for months",
                            "Pasteurised milk",
                        ],
                        1,
                        "P-IRT is for home-made processed food that keeps for more than seven days. Dairy "
                        "products need a BPOM licence.",
                    ),
                    question(
                        "What training is required before the SPP-IRT is issued?",
                        [
                            "The Food Safety Extension (PKP) certificate",
                            "A cooking course",
                            "A computer certificate",
                        ],
                        0,
                        "The health office's Food Safety Extension course is a requirement for the SPP-IRT.",
                    ),
                ),
            ],
        },
        "sertifikat-halal-self-declare": {
            "title": "A free halal certificate through self-declare",
            "summary": "The self-declaration route for micro and small businesses, with a PPH facilitator.",
            "body": [
                text(
                    "<p>Halal certificates in Indonesia are issued by BPJPH (the Halal Product Assurance "
                    "Agency). Food and drink from micro and small businesses must be halal-certified once the "
                    "phase-in period ended in October 2026. Micro and small businesses can use the "
                    "<b>self-declare</b> route (the business's own statement), which through the SEHATI "
                    "programme is free while its quota lasts.</p>"
                    "<p>A halal certificate also opens markets: many souvenir shops, school canteens, office "
                    "caterers and marketplaces require or prefer halal-certified products. A certificate issued "
                    "through self-declare stays valid as long as the ingredients and production process do not "
                    "change.</p>"
                    "<h3>Who can self-declare</h3>"
                    "<ul>"
                    "<li>You have an NIB and business turnover of at most Rp 500 million a year.</li>"
                    "<li>The product is not high risk: its ingredients are clearly halal or already "
                    "halal-certified (flour, oil, soy sauce, packaged seasonings).</li>"
                    "<li>The production process is simple and the place is kept apart from non-halal "
                    "materials.</li>"
                    "<li>Meat products only if the meat comes from a halal-certified slaughterhouse.</li>"
                    "</ul>"
                    "<h3>Steps</h3>"
                    "<ol>"
                    "<li>Create an account at <b>ptsp.halal.go.id</b> (SIHALAL) with your email and NIB.</li>"
                    "<li>List your ingredients with their brands and halal certificate numbers (look for the "
                    "halal logo on the ingredient packs and keep photos).</li>"
                    "<li>Submit the self-declare application. A <b>Halal Product Process (PPH) facilitator</b> "
                    "verifies the ingredients and process, usually by visiting your kitchen.</li>"
                    "<li>The Fatwa Committee reviews the verification, then BPJPH issues the halal certificate, "
                    "which you can download from SIHALAL.</li>"
                    "<li>Put the national halal logo on your packaging once the certificate is issued.</li>"
                    "</ol>"
                    "<p>Your business mentor in Tumbuh can help connect you with a PPH facilitator in your "
                    "area.</p>"
                ),
                warning(
                    "<p>Once certified, do not switch to another brand of ingredient that is not halal-certified "
                    "without updating your data. Changes of ingredients must be reported.</p>"
                ),
                checklist(
                    "Towards a halal certificate",
                    "Your NIB has been issued",
                    "A full ingredient list with photos of the halal logo on each pack",
                    "A SIHALAL account (ptsp.halal.go.id)",
                    "Contact with a PPH facilitator",
                ),
                quiz_en(
                    question(
                        "Who issues halal certificates?",
                        ["The health office", "BPJPH", "The district office"],
                        1,
                        "BPJPH issues halal certificates; PPH facilitators and the Fatwa Committee take part in "
                        "the self-declare route.",
                    ),
                    question(
                        "Which ingredients are safe to use for self-declare?",
                        [
                            "Ingredients already halal-certified or clearly halal",
                            "Any ingredients, as long as they are cheap",
                            "Meat from an uncertified slaughterhouse",
                        ],
                        0,
                        "Self-declare requires ingredients that are clearly halal, shown by a certificate or the "
                        "halal logo on their packs.",
                    ),
                ),
            ],
        },
    }
)

ENGLISH_LESSONS.update(
    {
        "mengenal-kur": {
            "title": "Understanding KUR and what you can repay",
            "summary": "The kinds of KUR, their interest, and a safe instalment for your business.",
            "body": [
                text(
                    "<p>KUR (Kredit Usaha Rakyat, People's Business Credit) is a working-capital or investment "
                    "loan for productive businesses, with interest subsidised by the government. It is lent by "
                    "banks such as BRI, BNI, Mandiri, BSI and regional development banks, and by some other "
                    "financial institutions.</p>"
                    "<h3>The kinds that suit micro businesses</h3>"
                    "<ul>"
                    "<li><b>KUR Super Mikro</b>: up to Rp 10 million, at a very low rate, for businesses just "
                    "starting to grow.</li>"
                    "<li><b>KUR Mikro</b>: above Rp 10 million up to Rp 100 million, at an effective rate of "
                    "about 6% a year for first-time borrowers.</li>"
                    "</ul>"
                    "<p>For KUR up to Rp 100 million, banks do not require additional collateral; the business "
                    "being financed is the guarantee. Rates and limits are set by the government and can change, "
                    "so ask the bank for the current figures.</p>"
                    "<h3>What instalment is safe?</h3>"
                    "<p>The loan must be repaid from <b>business profit</b>, not from household money. A simple "
                    "rule: the monthly instalment should be no more than a third of your average monthly net "
                    "profit over the last six months.</p>"
                    "<p>Example: a loan of Rp 10.000.000 at an effective 6% a year over 12 months needs an "
                    "instalment of about <b>Rp 860.700 a month</b>. If your net profit averages Rp 2.000.000, "
                    "that is 43% of profit, too heavy. The options: 24 months for Rp 10.000.000 (about "
                    "Rp 443.200 a month) or a smaller loan.</p>"
                    "<p>Just as important: what is the money for? A good loan adds income, for example a second "
                    "oven that doubles cake production. Work out how much extra profit per month the purchase "
                    "brings; the extra profit must be larger than the instalment.</p>"
                ),
                warning(
                    "<p>Do not take KUR to pay other debts, a celebration or household needs. Arrears are "
                    "recorded in the OJK credit information system (SLIK) and make the next loan hard for "
                    "years.</p>"
                ),
                checklist(
                    "Before borrowing",
                    "Work out the average net profit of the last six months from your cash book",
                    "Write down what the money is for and the extra profit you expect",
                    "Work out the instalment and make sure it is under a third of profit",
                    "Ask two lending banks for their current limits and rates",
                ),
                quiz_en(
                    question(
                        "Average net profit is Rp 3.000.000 a month. The largest safe instalment is about…",
                        ["Rp 1.000.000", "Rp 2.500.000", "Rp 3.000.000"],
                        0,
                        "A third of Rp 3.000.000 is Rp 1.000.000. The rest is for capital, reserves and the "
                        "family.",
                    ),
                    question(
                        "Which use of KUR is most appropriate?",
                        [
                            "Paying off a debt at the shop",
                            "Buying equipment that raises production and profit",
                            "A family celebration",
                        ],
                        1,
                        "KUR is for productive business: a purchase that adds profit so the instalments get "
                        "paid.",
                    ),
                ),
            ],
        },
        "menyiapkan-berkas-kur": {
            "title": "Preparing documents and applying",
            "summary": "Documents, the interview with the bank officer, and after the loan is paid out.",
            "body": [
                text(
                    "<p>The bank judges two things: whether your business is running and whether you can be "
                    "trusted to repay. The records from the bookkeeping course are your strongest evidence.</p>"
                    "<h3>Documents usually asked for</h3>"
                    "<ul>"
                    "<li>The ID cards of the applicant and spouse, and the Family Card (KK).</li>"
                    "<li>An NIB or a business letter from the village or urban ward.</li>"
                    "<li>A business that has been running for at least six months.</li>"
                    "<li>Records of sales and spending for recent months, and photos of the business.</li>"
                    "<li>A tax number (NPWP) for loans above Rp 50 million.</li>"
                    "</ul>"
                    "<p>No NIB or six months of records yet? Do not force the application. Complete them first "
                    "through the Beginner-tier courses; a refused application does not ruin your name, but good "
                    "preparation gets you an approved amount that fits your needs better.</p>"
                    "<h3>Applying</h3>"
                    "<ol>"
                    "<li>Go to the nearest branch of a lending bank, or apply through the bank's official app or "
                    "website where available.</li>"
                    "<li>An officer (mantri or account officer) will interview you and visit your business. "
                    "Explain your product, buyers, monthly profit and how you will use the money, with figures "
                    "from your cash book.</li>"
                    "<li>The bank checks your credit history in OJK's SLIK. If you have old arrears, settle them "
                    "first and ask for a letter confirming payment.</li>"
                    "<li>If approved, read the credit agreement: amount, interest, term, instalment date and late "
                    "fees. Ask about anything unclear before signing.</li>"
                    "</ol>"
                    "<h3>After the money arrives</h3>"
                    "<p>Put the loan into the business account and record it in the cash book as a loan, not as "
                    "sales. Spend it as planned, keep the receipts, and set aside the instalment every week (for "
                    "example Rp 200.000 a week for an Rp 860.700 instalment), so the due date brings no "
                    "surprise.</p>"
                ),
                warning(
                    "<p>Nobody may charge you for a KUR application beyond the bank's official costs (such as "
                    "duty stamps). Refuse “insiders” who promise quick approval in exchange for a fee.</p>"
                ),
                tip(
                    "<p>Bring a one-page summary: business name, products, sales and profit for the last six "
                    "months, how you will use the loan, and the instalment you can pay. Bank officers appreciate "
                    "the preparation.</p>"
                ),
                checklist(
                    "KUR documents",
                    "Copies of ID cards and the Family Card",
                    "NIB",
                    "Financial records for the last six months",
                    "Photos of the business and products",
                    "A summary of how the loan will be used",
                ),
                quiz_en(
                    question(
                        "KUR money paid out is recorded in the cash book as…",
                        ["Sales", "A loan", "Profit"],
                        1,
                        "A loan is not income. Recording it as sales makes the profit look false.",
                    ),
                    question(
                        "Someone offers quick KUR approval for a Rp 1.000.000 fee. What do you do?",
                        [
                            "Accept, to be quick",
                            "Refuse and apply directly to the bank",
                            "Bargain the fee down",
                        ],
                        1,
                        "A KUR application needs no paid go-between. Apply directly to a lending bank.",
                    ),
                ),
            ],
        },
        "kapan-siap-menambah-pekerja": {
            "title": "When you are ready to take on a worker",
            "summary": "Signs the business needs help, working out the cost, and choosing the person.",
            "body": [
                text(
                    "<p>A first worker is a big step: the business can grow faster, but there is a fixed cost to "
                    "pay every month, busy or quiet.</p>"
                    "<h3>Signs you are ready</h3>"
                    "<ul>"
                    "<li>You often turn orders down because you cannot make enough.</li>"
                    "<li>Net profit for three months in a row covers a wage with money to spare.</li>"
                    "<li>You spend your time on work that could be taught (peeling, packing, delivering), so you "
                    "have no time to find new buyers.</li>"
                    "</ul>"
                    "<h3>Working out the cost</h3>"
                    "<p>Example: a part-time worker paid Rp 1.500.000 a month. Add the BPJS employment insurance "
                    "contribution of about Rp 8.100 (see the next lesson), a holiday-bonus (THR) reserve of "
                    "Rp 125.000 a month (one twelfth of the wage) and lunch. That is about Rp 1.700.000 a month "
                    "in total. The extra production from that worker must bring more profit than this. If one "
                    "worker lets you make 40 more packs a day at Rp 2.000 profit a pack for 25 days, the extra "
                    "profit is Rp 2.000.000 a month: worth it.</p>"
                    "<h3>Choosing and training</h3>"
                    "<p>Put honesty and willingness to learn first; skills can be taught. Start with an agreed "
                    "trial period. Write the standard steps on a sheet of paper (measures, order, hygiene), stick "
                    "it up in the kitchen and teach them one by one. Give feedback every week.</p>"
                    "<p>Hiring family or neighbours is often easier, but treat them like any other worker: a "
                    "clear wage, clear hours and a record of payments.</p>"
                ),
                tip(
                    "<p>Try piece-rate or daily helpers in the busy season (before Lebaran) before taking on a "
                    "permanent worker. You learn to manage people at little risk.</p>"
                ),
                checklist(
                    "Ready to hire?",
                    "Profit for the last three months covers the cost of a worker",
                    "A list of the tasks you will hand over",
                    "Written standard steps",
                    "A plan for the trial period",
                ),
                quiz_en(
                    question(
                        "A worker costs Rp 1.700.000 a month and the extra profit from that worker is "
                        "Rp 1.200.000. What does that mean?",
                        [
                            "Worth it, because production goes up",
                            "Not yet worth it, because the cost is larger than the extra profit",
                            "The two are unrelated",
                        ],
                        1,
                        "A worker must bring more extra profit than their whole cost.",
                    ),
                    question(
                        "What matters most when choosing a first worker?",
                        ["Honesty and willingness to learn", "The highest diploma", "Living furthest away"],
                        0,
                        "Skills can be trained; honesty and willingness to learn are hard to teach.",
                    ),
                ),
            ],
        },
        "perjanjian-upah-bpjs": {
            "title": "Work agreement, wages and BPJS",
            "summary": "A fair employer's duties: a written agreement, wages, THR and social insurance.",
            "body": [
                text(
                    "<p>Spoken agreements are easily misunderstood. Write a simple <b>work agreement</b>, signed "
                    "by both sides: name, job, place and hours of work, wage and pay date, trial period, days off "
                    "and the length of the agreement. Keep one copy each.</p>"
                    "<h3>Wages</h3>"
                    "<p>The regional minimum wage (UMK) is compulsory for medium and large businesses. For micro "
                    "and small businesses, the regulation (PP 36/2021) allows a wage by agreement, with a floor: "
                    "at least 50% of average household consumption in the province and at least 25% above the "
                    "poverty line. The regional government publishes these figures; ask the manpower office. "
                    "Even so, a decent wage keeps workers, and replacing a worker costs far more.</p>"
                    "<p>Pay on the agreed date, record it in the cash book as a wage cost, and give a simple pay "
                    "slip or have the worker sign a wage book.</p>"
                    "<h3>THR</h3>"
                    "<p>Workers employed for at least one month are entitled to the religious holiday allowance "
                    "(THR), paid no later than seven days before the holiday. Twelve months of service or more: "
                    "one month's wage. Less than twelve months: in proportion, for example 6 months at "
                    "Rp 1.500.000 gives 6/12 × Rp 1.500.000 = Rp 750.000. Set a little aside every month.</p>"
                    "<h3>BPJS Employment</h3>"
                    "<p>A micro business must at least enrol its workers in Work Accident Insurance (JKK) and "
                    "Death Insurance (JKM). For low-risk work the contribution is about 0.24% (JKK) plus 0.30% "
                    "(JKM) of the wage, so for a Rp 1.500.000 wage only about Rp 8.100 a month. Register at a "
                    "branch office or online on the official BPJS Ketenagakerjaan site. If a work accident "
                    "happens, treatment is covered, not paid out of your business.</p>"
                ),
                warning(
                    "<p>Employing children is not allowed. Young people aged 13–15 may do only light work with "
                    "their parents' permission, at most 3 hours a day, without disturbing school.</p>"
                ),
                checklist(
                    "An employer's duties",
                    "A written work agreement, two copies",
                    "A wage agreed and paid on the date",
                    "THR savings every month",
                    "The worker enrolled in BPJS Employment (JKK and JKM)",
                ),
                quiz_en(
                    question(
                        "A worker on Rp 1.800.000 has worked 4 months at Lebaran. How much is the THR?",
                        ["Rp 600.000", "Rp 1.800.000", "Not entitled"],
                        0,
                        "4/12 × Rp 1.800.000 = Rp 600.000. Workers with at least one month of service are "
                        "entitled to a proportional THR.",
                    ),
                    question(
                        "The minimum BPJS Employment programmes for workers of a micro business are…",
                        [
                            "Work Accident Insurance and Death Insurance",
                            "There is no obligation",
                            "Only the Pension Plan",
                        ],
                        0,
                        "A micro business must at least enrol workers in JKK and JKM, at a small contribution.",
                    ),
                ),
            ],
        },
        "proyeksi-kas-mingguan": {
            "title": "A weekly cash forecast",
            "summary": "Looking ahead: when money comes in and when it must go out.",
            "body": [
                text(
                    "<p>Profit and cash are two different things. Profit is sales minus costs over a month; cash "
                    "is the money you actually have today. A catering business that wins a big order can be "
                    "profitable yet run out of money, because it must buy ingredients now while payment arrives "
                    "two weeks later.</p>"
                    "<h3>Making a cash forecast</h3>"
                    "<p>Take a sheet of paper and make columns for the next four weeks. For each week write:</p>"
                    "<ol>"
                    "<li><b>Opening cash</b>: business money at the start of the week.</li>"
                    "<li><b>Expected money in</b>: cash sales, order payments, amounts owed to you that fall "
                    "due.</li>"
                    "<li><b>Expected money out</b>: ingredients, wages, instalments, rent, electricity, the "
                    "owner's salary.</li>"
                    "<li><b>Closing cash</b> = opening cash + in − out; it becomes the next week's opening "
                    "cash.</li>"
                    "</ol>"
                    "<p>Example: opening cash Rp 1.200.000; next week Rp 2.500.000 in and Rp 3.000.000 out "
                    "(including Rp 1.400.000 of ingredients for a wedding order), closing cash Rp 700.000. The "
                    "week after brings a KUR instalment of Rp 860.700 and wages of Rp 1.500.000. With a forecast "
                    "you know two weeks ahead that you need a deposit on the order or must postpone buying "
                    "equipment.</p>"
                    "<p>At the end of every week, compare the forecast with what really happened in the cash "
                    "book, and correct the estimates for the following weeks. After a few months your forecasts "
                    "will become quite accurate.</p>"
                ),
                tip(
                    "<p>For large orders, ask for a 30–50% deposit. The deposit covers the ingredients so your "
                    "business cash is not drained.</p>"
                ),
                checklist(
                    "My cash forecast",
                    "A four-week table with opening cash, in, out and closing cash",
                    "Every instalment, wage and rent date entered",
                    "Weeks with low closing cash marked",
                    "A weekly time to compare forecast and reality",
                ),
                quiz_en(
                    question(
                        "Opening cash Rp 1.000.000, money in Rp 1.500.000, money out Rp 2.000.000. Closing cash?",
                        ["Rp 500.000", "Rp 1.500.000", "Rp 4.500.000"],
                        0,
                        "1.000.000 + 1.500.000 − 2.000.000 = Rp 500.000.",
                    ),
                    question(
                        "The business is profitable but out of cash. What is the most likely cause?",
                        [
                            "A bookkeeping miscalculation",
                            "Money goes out before money comes in",
                            "The selling price is too high",
                        ],
                        1,
                        "The gap in time between buying and being paid empties the cash even when the business "
                        "makes a profit.",
                    ),
                ),
            ],
        },
        "stok-piutang-cadangan": {
            "title": "Stock, money owed to you, and a reserve",
            "summary": "Three places where business money gets stuck, and a cushion for quiet seasons.",
            "body": [
                text(
                    "<h3>Stock</h3>"
                    "<p>Goods on the shelf are money asleep. Count stock every week and note slow-moving items. "
                    "Buy ingredients for one to two weeks of need, unless there is a big discount on something "
                    "that keeps. For slow items, make bundles or offers before they expire.</p>"
                    "<h3>Money owed to you (customer credit)</h3>"
                    "<p>A sale not yet paid is not money until it is paid. Record every credit sale in a credit "
                    "book: name, date, amount and promised payment date. Set limits: for example at most "
                    "Rp 200.000 per customer and at most two weeks. For stalls or shops that sell your goods on "
                    "consignment, collect on a fixed day and do not leave new goods until the old ones are "
                    "paid for.</p>"
                    "<h3>A reserve fund</h3>"
                    "<p>Set aside part of the profit every month, for example 10%, in a separate savings account "
                    "until it covers one to three months of operating costs. Example: if business spending is "
                    "Rp 4.000.000 a month, aim for a reserve of Rp 4.000.000–Rp 12.000.000. Use it only in "
                    "emergencies: broken equipment, a quiet season or illness, not for routine purchases.</p>"
                    "<p>Seasonal patterns can be planned too. Cookie sales jump before Lebaran and Christmas, "
                    "while the months after are quiet. Keep part of the busy season's profit to carry the quiet "
                    "months.</p>"
                ),
                warning(
                    "<p>Do not borrow from loan sharks or illegal online lenders to fill an empty till. Their "
                    "interest can multiply within weeks. Check whether an online lender is licensed on the OJK "
                    "website and talk to your business mentor first.</p>"
                ),
                checklist(
                    "Money that gets stuck",
                    "Count stock weekly and mark slow-moving items",
                    "A credit book with amount and time limits",
                    "A schedule for collecting consignment payments",
                    "A reserve account and its target amount",
                ),
                quiz_en(
                    question(
                        "Business spending is Rp 3.000.000 a month. A reasonable reserve target is…",
                        ["Rp 300.000", "Rp 3.000.000 to Rp 9.000.000", "No reserve is needed"],
                        1,
                        "One to three months of spending gives you time to hold on through a quiet period.",
                    ),
                    question(
                        "A shop has not paid for last month's consignment. What should you do?",
                        [
                            "Leave more goods so they sell",
                            "Collect payment before leaving new goods",
                            "Forget about it",
                        ],
                        1,
                        "Leaving new goods before the old ones are paid adds to the money that is stuck.",
                    ),
                ),
            ],
        },
    }
)
