"""The incubator part of ``manage.py seed_demo``: a believable ProKUS program. Idempotent.

Regions, cohorts and the milestone path are refreshed on every run; each demo entrepreneur's journey
is built once, through the real services (so every rule and history row is exercised), then dated
back so the program looks lived-in. UMK figures are illustrative 2026 values, not official data.
"""

from __future__ import annotations

import datetime
from io import BytesIO

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts import roles
from accounts import services as account_services
from accounts.demo import ASSISTED_COMPANION, ASSISTED_NAME, ASSISTED_PHONE, DEMO_PASSWORD
from accounts.models import User
from incubator import services
from incubator.models import (
    Assistance,
    Cohort,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    IncomeThreshold,
    ManagerScope,
    MentorProfile,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    PromotionRequest,
    Region,
    Tier,
    TierChange,
)
from incubator.scope import forget_scope
from incubator.services.scopes import set_manager_scope

# province (BPS code) → regency/city (BPS code) → districts
REGIONS = {
    ("Jawa Barat", "32"): {
        ("Kota Bandung", "3273"): ["Coblong", "Sukajadi", "Cicendo", "Bandung Wetan", "Kiaracondong"],
        ("Kabupaten Bandung", "3204"): ["Soreang", "Baleendah"],
    },
    ("Jawa Tengah", "33"): {
        ("Kabupaten Klaten", "3310"): ["Klaten Tengah", "Wedi", "Prambanan"],
        ("Kota Semarang", "3374"): ["Tembalang"],
    },
    ("DI Yogyakarta", "34"): {("Kabupaten Bantul", "3402"): ["Kasihan", "Sewon"]},
    ("Jawa Timur", "35"): {("Kota Surabaya", "3578"): ["Wonokromo"]},
    ("Nusa Tenggara Barat", "52"): {("Kota Mataram", "5271"): ["Ampenan"]},
}

# Illustrative 2026 minimum wages (UMK) used as graduation thresholds.
THRESHOLDS = {
    "Kota Bandung": 4_482_914,
    "Kabupaten Bandung": 3_757_285,
    "Kabupaten Klaten": 2_389_872,
    "Kota Semarang": 3_701_709,
    "Kabupaten Bantul": 2_438_000,
    "Kota Surabaya": 4_961_753,
    "Kota Mataram": 2_800_000,
}

# Demo managers' areas: manager@ is national (the browser journeys rely on it); the others regional.
AREAS = {
    "manager.jabar@tumbuh.test": "Jawa Barat",
    "manager.klaten@tumbuh.test": "Kabupaten Klaten",
}

COHORTS = [
    ("ProKUS 2025 — Kota Bandung", "Kota Bandung", datetime.date(2025, 3, 3)),
    ("ProKUS 2026 — Kota Bandung", "Kota Bandung", datetime.date(2026, 2, 2)),
    ("ProKUS 2026 — Kabupaten Klaten", "Kabupaten Klaten", datetime.date(2026, 3, 2)),
]

# code, tier, title, title_en, description, description_en, area, required, photos, amount label
PATH = [
    (
        "pembukuan-sederhana",
        Tier.BEGINNER,
        "Pembukuan sederhana selama 1 bulan",
        "Simple bookkeeping for one month",
        "Catat setiap uang masuk (penjualan) dan uang keluar (belanja bahan, transport) setiap hari selama satu bulan "
        "di buku kas. Kirim foto dua halaman buku kas.",
        "Write down all money in (sales) and out (materials, transport) every day for a month in a cash book. "
        "Send photos of two pages.",
        "Pencatatan keuangan",
        True,
        2,
        "",
    ),
    (
        "pisah-uang-usaha",
        Tier.BEGINNER,
        "Pisahkan uang usaha dan uang rumah tangga",
        "Separate business and household money",
        "Sediakan dompet, kaleng atau amplop khusus untuk uang usaha. Gaji diri sendiri secara tetap setiap minggu.",
        "Keep a separate purse, tin or envelope for business money and pay yourself a fixed weekly amount.",
        "Pencatatan keuangan",
        True,
        1,
        "",
    ),
    (
        "harga-jual-hpp",
        Tier.BEGINNER,
        "Hitung HPP dan tetapkan harga jual",
        "Price with cost of goods (HPP)",
        "Hitung harga pokok produksi (bahan, kemasan, gas, tenaga) per satuan produk, lalu tetapkan harga jual "
        "dengan keuntungan yang jelas.",
        "Work out the cost of goods (materials, packaging, fuel, labour) per unit and set a price with a clear margin.",
        "Analisis pasar",
        True,
        1,
        "HPP per satuan (Rp)",
    ),
    (
        "nib-oss",
        Tier.BEGINNER,
        "Daftar NIB lewat OSS",
        "Register an NIB through OSS",
        "Daftarkan usaha di oss.go.id untuk mendapat Nomor Induk Berusaha (NIB). Pendamping bisa membantu. "
        "Kirim foto atau tangkapan layar NIB.",
        "Register the business on oss.go.id to get a business identification number (NIB); your companion can help. "
        "Send a photo or screenshot of the NIB.",
        "Legalitas dan perizinan",
        True,
        1,
        "",
    ),
    (
        "foto-produk",
        Tier.BEGINNER,
        "Foto produk yang menarik",
        "Attractive product photos",
        "Ambil foto produk di tempat terang dengan latar polos, dari beberapa sisi.",
        "Photograph your products in good light on a plain background, from several sides.",
        "Analisis pasar",
        False,
        3,
        "",
    ),
    (
        "rencana-bantuan",
        Tier.BEGINNER,
        "Rencana penggunaan bantuan modal",
        "Plan for the capital assistance",
        "Tulis barang atau bahan apa yang akan dibeli dengan bantuan BSiMU dan perkiraan harganya.",
        "Write what you will buy with the BSiMU assistance and what it will cost.",
        "Pencatatan keuangan",
        False,
        0,
        "Perkiraan biaya (Rp)",
    ),
    (
        "kemasan-merek",
        Tier.DEVELOPING,
        "Kemasan dan merek",
        "Packaging and a brand",
        "Buat nama merek, logo sederhana dan kemasan yang rapi dengan label (nama, isi, alamat, tanggal).",
        "Create a brand name, a simple logo and neat packaging with a label (name, contents, address, date).",
        "Analisis pasar",
        True,
        3,
        "",
    ),
    (
        "jualan-online",
        Tier.DEVELOPING,
        "Jualan online: katalog WhatsApp Business atau marketplace",
        "Sell online: a WhatsApp Business catalogue or a marketplace",
        "Pasang minimal lima produk dengan foto dan harga di katalog WhatsApp Business atau toko marketplace.",
        "List at least five products with photos and prices in a WhatsApp Business catalogue or a marketplace shop.",
        "Temu bisnis",
        True,
        2,
        "",
    ),
    (
        "izin-pirt",
        Tier.DEVELOPING,
        "Izin P-IRT (usaha pangan)",
        "P-IRT home food-industry permit",
        "Untuk usaha makanan dan minuman: urus Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT).",
        "For food businesses: obtain the home-industry food production certificate (SPP-IRT).",
        "Legalitas dan perizinan",
        False,
        1,
        "",
    ),
    (
        "sertifikat-halal",
        Tier.DEVELOPING,
        "Sertifikat halal (self-declare)",
        "Halal certificate (self-declare)",
        "Ajukan sertifikat halal gratis jalur self-declare melalui pendamping PPH.",
        "Apply for the free self-declared halal certificate with a halal process companion.",
        "Legalitas dan perizinan",
        False,
        1,
        "",
    ),
    (
        "rekening-usaha",
        Tier.DEVELOPING,
        "Rekening tabungan usaha",
        "A business savings account",
        "Buka rekening tabungan khusus usaha dan setor sisa keuntungan secara rutin.",
        "Open a savings account for the business and pay part of the profit into it regularly.",
        "Pencatatan keuangan",
        True,
        1,
        "Saldo saat ini (Rp)",
    ),
    (
        "laporan-tiga-bulan",
        Tier.DEVELOPING,
        "Laporan bulanan tiga bulan berturut-turut",
        "Monthly figures three months in a row",
        "Isi laporan bulanan (omzet, biaya, pekerja) tiga bulan berturut-turut di Tumbuh.",
        "Enter your monthly figures (revenue, costs, workers) in Tumbuh three months in a row.",
        "Pencatatan keuangan",
        True,
        0,
        "",
    ),
    (
        "arus-kas",
        Tier.ADVANCED,
        "Catatan arus kas tiga bulan",
        "Three months of cash-flow records",
        "Susun arus kas bulanan: saldo awal, uang masuk, uang keluar dan saldo akhir selama tiga bulan.",
        "Prepare a monthly cash flow: opening balance, money in, money out and closing balance for three months.",
        "Pencatatan keuangan",
        True,
        1,
        "Saldo akhir bulan lalu (Rp)",
    ),
    (
        "akses-kur",
        Tier.ADVANCED,
        "Akses pembiayaan: ajukan KUR",
        "Access to finance: apply for KUR",
        "Ajukan Kredit Usaha Rakyat (KUR) mikro ke bank penyalur dengan NIB dan catatan keuangan Anda.",
        "Apply for micro KUR credit at a lending bank with your NIB and financial records.",
        "Temu bisnis",
        True,
        1,
        "Plafon yang diajukan (Rp)",
    ),
    (
        "pekerja-pertama",
        Tier.ADVANCED,
        "Pekerja pertama",
        "The first hired worker",
        "Pekerjakan satu orang di luar keluarga inti dengan upah yang dicatat.",
        "Hire one person outside the household with recorded wages.",
        "SDM",
        True,
        1,
        "Upah per bulan (Rp)",
    ),
    (
        "outlet-kedua",
        Tier.ADVANCED,
        "Gerobak atau outlet kedua",
        "A second cart or outlet",
        "Buka titik jualan kedua: gerobak, lapak pasar atau titip jual di toko.",
        "Open a second point of sale: a cart, a market stall or consignment in a shop.",
        "Analisis pasar",
        False,
        2,
        "Biaya pembukaan (Rp)",
    ),
    (
        "pembeli-tetap",
        Tier.ADVANCED,
        "Kemitraan dengan pembeli tetap",
        "A partnership with a regular buyer",
        "Dapatkan pesanan rutin dari warung, kantin, toko oleh-oleh atau koperasi.",
        "Win regular orders from a shop, canteen, souvenir store or cooperative.",
        "Temu bisnis",
        False,
        1,
        "",
    ),
    (
        "rencana-mandiri",
        Tier.ADVANCED,
        "Rencana usaha mandiri 12 bulan",
        "A 12-month plan to stand alone",
        "Tulis target omzet, biaya dan langkah usaha untuk 12 bulan setelah lulus program.",
        "Write revenue and cost targets and the steps for the 12 months after graduating.",
        "Pendampingan",
        True,
        0,
        "",
    ),
]

STAFF = [
    # email, name, kind, organisation, capacity, regencies
    (
        "mentor@tumbuh.test",
        "Agus Setiawan",
        CompanionKind.BUSINESS_MENTOR,
        "Inkubator Bisnis Universitas Padjadjaran",
        25,
        ["Kota Bandung", "Kabupaten Bandung"],
    ),
    (
        "mentor.klaten@tumbuh.test",
        "Wahyu Nugroho",
        CompanionKind.BUSINESS_MENTOR,
        "Inkubator UMKM Klaten Bangkit",
        20,
        ["Kabupaten Klaten"],
    ),
    (
        "tksk@tumbuh.test",
        "Yanti Rahmawati",
        CompanionKind.TKSK,
        "TKSK Kecamatan Coblong",
        30,
        ["Kota Bandung"],
    ),
    ("psm@tumbuh.test", "Joko Susilo", CompanionKind.PSM, "PSM Kabupaten Klaten", 30, ["Kabupaten Klaten"]),
]

# email, name, phone, business, sector, cohort, district, tier, verified in tier, waiting, changes, months in program
ENTREPRENEURS = [
    (
        "pemula@tumbuh.test",
        None,
        None,
        "Warung Kelontong Bu Siti",
        "trade",
        1,
        "Coblong",
        Tier.BEGINNER,
        2,
        1,
        1,
        4,
    ),
    (
        "berkembang@tumbuh.test",
        None,
        None,
        "Keripik Singkong Pak Budi",
        "food",
        1,
        "Sukajadi",
        Tier.DEVELOPING,
        2,
        1,
        0,
        9,
    ),
    (
        "maju@tumbuh.test",
        None,
        None,
        "Jahit Dewi Collection",
        "services",
        0,
        "Cicendo",
        Tier.ADVANCED,
        3,
        1,
        0,
        20,
    ),
    (
        "sri.wahyuni@contoh.tumbuh.test",
        "Sri Wahyuni",
        "+6281211120001",
        "Ternak Ayam Kampung Bu Sri",
        "livestock",
        1,
        "Kiaracondong",
        Tier.BEGINNER,
        0,
        1,
        0,
        3,
    ),
    (
        "nur.hasanah@contoh.tumbuh.test",
        "Nur Hasanah",
        "+6281211120002",
        "Nasi Uduk Bu Nur",
        "food",
        1,
        "Bandung Wetan",
        Tier.BEGINNER,
        4,
        0,
        0,
        5,
    ),  # eligible, promotion pending
    (
        "ujang.supriatna@contoh.tumbuh.test",
        "Ujang Supriatna",
        "+6281211120003",
        "Servis Sepeda Motor Ujang",
        "services",
        1,
        "Coblong",
        Tier.BEGINNER,
        1,
        2,
        0,
        3,
    ),
    (
        "eti.rohaeti@contoh.tumbuh.test",
        "Eti Rohaeti",
        "+6281211120004",
        "Seblak Teh Eti",
        "food",
        1,
        "Sukajadi",
        Tier.BEGINNER,
        3,
        0,
        1,
        4,
    ),
    (
        "asep.saepudin@contoh.tumbuh.test",
        "Asep Saepudin",
        "+6281211120005",
        "Kerajinan Bambu Asep",
        "crafts",
        1,
        "Cicendo",
        Tier.DEVELOPING,
        1,
        1,
        0,
        8,
    ),
    (
        "lilis.suryani@contoh.tumbuh.test",
        "Lilis Suryani",
        "+6281211120006",
        "Kue Basah Lilis",
        "food",
        0,
        "Bandung Wetan",
        Tier.DEVELOPING,
        3,
        0,
        1,
        14,
    ),
    (
        "dedi.kurniawan@contoh.tumbuh.test",
        "Dedi Kurniawan",
        "+6281211120007",
        "Bengkel Las Dedi",
        "services",
        0,
        "Kiaracondong",
        Tier.ADVANCED,
        1,
        1,
        0,
        19,
    ),
    (
        "iis.sumiati@contoh.tumbuh.test",
        "Iis Sumiati",
        "+6281211120008",
        "Warung Pecel Bu Iis",
        "food",
        0,
        "Coblong",
        Tier.GRADUATED,
        0,
        0,
        0,
        20,
    ),
    (
        "tarmini@contoh.tumbuh.test",
        "Tarmini",
        "+6281211120009",
        "Batik Tulis Tarmini",
        "crafts",
        2,
        "Wedi",
        Tier.BEGINNER,
        2,
        1,
        0,
        5,
    ),
    (
        "sukarni@contoh.tumbuh.test",
        "Sukarni",
        "+6281211120010",
        "Emping Melinjo Bu Sukarni",
        "food",
        2,
        "Klaten Tengah",
        Tier.BEGINNER,
        1,
        0,
        1,
        4,
    ),
    (
        "slamet.riyadi@contoh.tumbuh.test",
        "Slamet Riyadi",
        "+6281211120011",
        "Ternak Kambing Pak Slamet",
        "livestock",
        2,
        "Prambanan",
        Tier.BEGINNER,
        0,
        2,
        0,
        3,
    ),
    (
        "parmi@contoh.tumbuh.test",
        "Parmi",
        "+6281211120012",
        "Sayur Organik Bu Parmi",
        "farming",
        2,
        "Wedi",
        Tier.DEVELOPING,
        2,
        1,
        0,
        8,
    ),
    (
        "wagiyem@contoh.tumbuh.test",
        "Wagiyem",
        "+6281211120013",
        "Jamu Gendong Mbok Wagiyem",
        "food",
        2,
        "Klaten Tengah",
        Tier.DEVELOPING,
        4,
        0,
        0,
        8,
    ),
    (
        "sutrisno@contoh.tumbuh.test",
        "Sutrisno",
        "+6281211120014",
        "Mebel Kayu Pak Tris",
        "crafts",
        2,
        "Prambanan",
        Tier.ADVANCED,
        5,
        0,
        0,
        9,
    ),  # graduation pending
    (
        "rohmah@contoh.tumbuh.test",
        "Siti Rohmah",
        "+6281211120015",
        "Toko Sembako Rohmah",
        "trade",
        1,
        "Kiaracondong",
        Tier.BEGINNER,
        0,
        0,
        0,
        1,
    ),
    (
        "maman.suherman@contoh.tumbuh.test",
        "Maman Suherman",
        "+6281211120016",
        "Cilok Mang Maman",
        "food",
        1,
        "Sukajadi",
        Tier.BEGINNER,
        2,
        0,
        0,
        3,
    ),
]
# The money figure each milestone asks for, at a believable size for an ultra-micro business.
DEMO_AMOUNTS = {
    "harga-jual-hpp": 2_500,
    "rencana-bantuan": 3_500_000,
    "rekening-usaha": 1_250_000,
    "arus-kas": 4_800_000,
    "akses-kur": 25_000_000,
    "pekerja-pertama": 1_800_000,
    "outlet-kedua": 3_000_000,
}
PENDING = {"nur.hasanah@contoh.tumbuh.test", "sutrisno@contoh.tumbuh.test"}
DESCRIPTIONS = {
    "trade": "Menjual kebutuhan sehari-hari untuk tetangga sekitar.",
    "food": "Produksi rumahan, dijual di depan rumah, sekolah dan lewat pesanan WhatsApp.",
    "services": "Melayani pelanggan di sekitar kampung, dikerjakan di rumah.",
    "crafts": "Dibuat dengan tangan, dijual ke pengepul dan toko oleh-oleh.",
    "livestock": "Dipelihara di pekarangan belakang rumah, dijual ke pasar dan tetangga.",
    "farming": "Ditanam di lahan sewa dekat rumah, dijual ke pasar pagi.",
}


def _photo(label: str, color=(31, 111, 67)) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).text((24, 220), label[:60], fill=(255, 255, 255))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def _regions() -> dict[str, Region]:
    found: dict[str, Region] = {}
    for (province_name, province_code), regencies in REGIONS.items():
        province, _ = Region.objects.update_or_create(
            parent=None, name=province_name, defaults={"level": Region.Level.PROVINCE, "code": province_code}
        )
        found[province_name] = province
        for (regency_name, regency_code), districts in regencies.items():
            regency, _ = Region.objects.update_or_create(
                parent=province,
                name=regency_name,
                defaults={"level": Region.Level.REGENCY, "code": regency_code},
            )
            found[regency_name] = regency
            for district_name in districts:
                found[district_name], _ = Region.objects.get_or_create(
                    parent=regency, name=district_name, defaults={"level": Region.Level.DISTRICT}
                )
    for regency_name, amount in THRESHOLDS.items():
        IncomeThreshold.objects.update_or_create(
            regency=found[regency_name],
            effective_from=datetime.date(2026, 1, 1),
            defaults={"monthly_amount": amount, "note": "UMK 2026 (ilustratif untuk demo)"},
        )
    return found


# One recommended learning step per tier. The CMS links every course of the tier to it, so finishing
# a course completes this step; the evidence milestones above stay with the mentor's review.
LEARNING_PATH = [
    (
        "belajar-pemula",
        Tier.BEGINNER,
        "Selesaikan satu kursus Pemula di Tumbuh",
        "Finish one Beginner course on Tumbuh",
        "Pilih satu kursus di menu Belajar (pembukuan, HPP atau NIB), baca semua pelajarannya dan lulus kuisnya.",
        "Choose a course under Learn (bookkeeping, pricing or NIB), read all its lessons and pass the quizzes.",
    ),
    (
        "belajar-berkembang",
        Tier.DEVELOPING,
        "Selesaikan satu kursus Berkembang di Tumbuh",
        "Finish one Developing course on Tumbuh",
        "Pilih satu kursus di menu Belajar (kemasan, jualan online atau P-IRT dan halal) dan selesaikan semuanya.",
        "Choose a course under Learn (packaging, selling online or P-IRT and halal) and finish it.",
    ),
    (
        "belajar-maju",
        Tier.ADVANCED,
        "Selesaikan satu kursus Maju di Tumbuh",
        "Finish one Advanced course on Tumbuh",
        "Pilih satu kursus di menu Belajar (KUR, pekerja pertama atau arus kas) dan selesaikan semuanya.",
        "Choose a course under Learn (KUR, the first worker or cash flow) and finish it.",
    ),
]


def _path() -> None:
    # Learning steps ask for nothing: finishing a course completes them (see cms.demo).
    steps = [(*step, True) for step in PATH] + [
        (code, tier, title, title_en, desc, desc_en, "Belajar", False, 0, "", False)
        for code, tier, title, title_en, desc, desc_en in LEARNING_PATH
    ]
    orders: dict[str, int] = {}
    for code, tier, title, title_en, desc, desc_en, area, required, photos, amount_label, asks_text in steps:
        orders[tier] = orders.get(tier, 0) + 1
        MilestoneTemplate.objects.update_or_create(
            code=code,
            defaults={
                "tier": tier,
                "order": orders[tier],
                "title": title,
                "title_en": title_en,
                "description": desc,
                "description_en": desc_en,
                "category": area,
                "is_required": required,
                "asks_text": asks_text,
                "asks_photos": photos,
                "asks_amount": bool(amount_label),
                "amount_label": amount_label,
                "is_active": True,
            },
        )


def _staff(regions: dict[str, Region]) -> dict[str, User]:
    staff = {}
    for email, name, kind, organisation, capacity, regencies in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_services.create_staff_member(
                email=email, full_name=name, role=roles.MENTOR, password=DEMO_PASSWORD
            )
        roles.add_role(user, roles.MENTOR)
        profile, _ = MentorProfile.objects.update_or_create(
            user=user,
            defaults={
                "kind": kind,
                "organisation": organisation,
                "capacity": capacity,
                "is_active": True,
                "expertise": "Pembukuan, pemasaran digital, perizinan usaha mikro"
                if kind == CompanionKind.BUSINESS_MENTOR
                else "Pendampingan sosial keluarga KPM PKH graduasi",
                "sectors": ["food", "trade", "crafts", "services", "livestock", "farming"],
            },
        )
        profile.regions.set([regions[r] for r in regencies])
        staff[email] = user
    return staff


def _areas(people: dict[str, User], regions: dict[str, Region], *, national: User) -> None:
    """The national demo manager, then the regional ones (set by the national one, as in real use)."""
    ManagerScope.objects.update_or_create(user=national, defaults={"region": None})
    forget_scope(national)
    for email, region_name in AREAS.items():
        if email in people:
            set_manager_scope(people[email], regions[region_name], by=national)


def _entrepreneur_user(email: str, name: str, phone: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(username=email.split("@")[0].replace(".", "_")[:150], email=email)
        user.set_password(DEMO_PASSWORD)
        user.full_name = name
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        account_services.register_entrepreneur(user, full_name=name, phone=phone, consent=True)
    return user


class _Clock:
    """Walks forward from a start date; every step dates the rows it touched."""

    def __init__(self, start: datetime.datetime, end: datetime.datetime, steps: int) -> None:
        self.now, self.end, self.step = start, end, (end - start) / max(steps, 1)

    def tick(self) -> datetime.datetime:
        self.now = min(self.now + self.step, self.end)
        return self.now


def _date_milestone(milestone: Milestone, when: datetime.datetime, field: str = "submitted_at") -> None:
    Milestone.objects.filter(pk=milestone.pk).update(**{field: when})
    event = MilestoneEvent.objects.filter(milestone=milestone).order_by("-pk").first()
    if event:
        MilestoneEvent.objects.filter(pk=event.pk).update(created_at=when)


def _submit(milestone: Milestone, user: User, clock: _Clock) -> Milestone:
    template = milestone.template
    milestone = services.submit_evidence(
        milestone,
        by=user,
        text=f"Sudah saya kerjakan: {template.title.lower()}.",
        amount=DEMO_AMOUNTS.get(template.code, 500_000) if template.asks_amount else None,
        photos=[_photo(template.title) for _ in range(min(template.asks_photos, 1))],
    )
    _date_milestone(milestone, clock.tick())
    return milestone


def _verify(milestone: Milestone, mentor: User, clock: _Clock) -> None:
    milestone = services.verify_milestone(
        milestone, by=mentor, comment="Bagus, sudah sesuai. Lanjutkan!", expected_version=milestone.version
    )
    _date_milestone(milestone, clock.tick(), "reviewed_at")


def _promote(profile: EntrepreneurProfile, mentor: User, manager: User, clock: _Clock) -> None:
    request = services.recommend_promotion(
        profile, by=mentor, note="Semua capaian wajib sudah terverifikasi."
    )
    recommended = clock.tick()
    change = services.approve_promotion(request, by=manager)
    decided = clock.tick()
    PromotionRequest.objects.filter(pk=request.pk).update(created_at=recommended, decided_at=decided)
    TierChange.objects.filter(pk=change.pk).update(changed_at=decided)
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier_since=decided)


def _months_back(today: datetime.date, n: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(n, 0, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(datetime.date(y, m + 1, 1))
    return months


def _reports(profile, user, mentor, months: int, base_profit: int, growth: int) -> None:
    for i, month in enumerate(_months_back(timezone.localdate(), months)):
        costs = 1_500_000 + 150_000 * i
        report = services.record_monthly_report(
            profile,
            by=user,
            month=month,
            revenue=costs + base_profit + growth * i,
            costs=costs,
            workers=0 if i < months // 2 else 1,
        )
        if i < months - 1:  # the latest month is still waiting for the mentor
            services.verify_monthly_report(report, by=mentor)


def _journey(spec, user: User, regions, cohorts, staff, manager: User) -> None:
    email, _name, _phone, business, sector, cohort_i, district, target, done, waiting, changes, months = spec
    cohort = cohorts[cohort_i]
    district = regions[district]
    in_klaten = district.parent.name == "Kabupaten Klaten"
    mentor = staff["mentor.klaten@tumbuh.test" if in_klaten else "mentor@tumbuh.test"]
    social = staff["psm@tumbuh.test" if in_klaten else "tksk@tumbuh.test"]
    today = timezone.now()
    start = today - datetime.timedelta(days=30 * months)

    profile = services.enroll_entrepreneur(
        user,
        by=manager,
        cohort=cohort,
        province=district.parent.parent,
        regency=district.parent,
        district=district,
        village="",
        business_name=business,
        sector=sector,
        business_description=DESCRIPTIONS.get(sector, ""),
        business_start_year=2016 + len(business) % 8,
        consent=None,
    )
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(enrolled_on=start.date(), tier_since=start)
    TierChange.objects.filter(profile=profile).update(changed_at=start)
    services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
    services.assign_companion(profile, social, role=CompanionRole.SOCIAL, by=manager)
    profile.assignments.update(started_at=start)
    _assistance(profile, manager, index=ENTREPRENEURS.index(spec), start=start)

    tiers_before = {Tier.BEGINNER: 0, Tier.DEVELOPING: 1, Tier.ADVANCED: 2, Tier.GRADUATED: 3}[target]
    steps = 14 * tiers_before + 2 * (done + waiting + changes) + 2
    clock = _Clock(start, today - datetime.timedelta(days=2), steps=steps)
    report_months = max(months - 1, 0)
    if target in (Tier.ADVANCED, Tier.GRADUATED) or email in PENDING:
        umk = THRESHOLDS[district.parent.name]
        rich = target == Tier.GRADUATED or email in PENDING
        base = umk + 300_000 if rich else umk - 100_000
        _reports(profile, user, mentor, report_months, base - 100_000 * report_months, 100_000)
    elif report_months:
        _reports(profile, user, mentor, min(report_months, 6), 900_000, 150_000)

    for tier in [Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED][:tiers_before]:
        for m in profile.milestones.filter(tier=tier).select_related("template").order_by("template__order"):
            if m.template.is_required or m.template.order % 2:
                _verify(_submit(m, user, clock), mentor, clock)
        if tier == Tier.ADVANCED:
            # Graduation counts the latest three verified months: verify the newest too.
            for report in MonthlyReport.objects.filter(profile=profile, verified_at__isnull=True):
                services.verify_monthly_report(report, by=mentor)
        _promote(profile, mentor, manager, clock)
        profile.refresh_from_db()

    if target != Tier.GRADUATED:
        current = list(
            profile.milestones.filter(tier=target)
            .select_related("template")
            .order_by("-template__is_required", "template__order")
        )
        for m in current[:done]:
            _verify(_submit(m, user, clock), mentor, clock)
        for m in current[done : done + changes]:
            m = _submit(m, user, clock)
            services.request_changes(
                m,
                by=mentor,
                comment="Foto belum jelas, tolong kirim ulang yang lebih terang.",
                expected_version=m.version,
            )
            _date_milestone(m, clock.tick(), "reviewed_at")
        for m in current[done + changes : done + changes + waiting]:
            _submit(m, social if m.template.order % 3 == 0 else user, clock)
        if email in PENDING:
            if target == Tier.ADVANCED:
                for report in MonthlyReport.objects.filter(profile=profile, verified_at__isnull=True):
                    services.verify_monthly_report(report, by=mentor)
            services.recommend_promotion(
                profile, by=mentor, note="Sudah memenuhi semua syarat, mohon disetujui."
            )

    last = clock.now if clock.now < today else today
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(last_activity_at=last)


def _assistance(profile: EntrepreneurProfile, manager: User, *, index: int, start: datetime.datetime) -> None:
    """BSiMU in every state across the demo: most delivered, some approved or planned, one cancelled."""
    state = ["delivered", "delivered", "approved", "planned", "delivered", "cancelled"][index % 6]
    kind, item, amount = (
        ("cash", "Modal belanja bahan baku", 3_500_000)
        if index % 2
        else ("goods", "Etalase kaca dan kompor dua tungku", 2_400_000)
    )
    a = services.plan_assistance(profile, by=manager, kind=kind, plan_item=item, amount=amount)
    if state == "planned":
        return
    if state == "cancelled":
        services.cancel_assistance(a, by=manager, reason="Tercatat dua kali; diganti catatan yang benar.")
        return
    a = services.approve_assistance(a, by=manager)
    if state == "delivered":
        delivered = min((start + datetime.timedelta(days=21)).date(), timezone.localdate())
        services.deliver_assistance(a, by=manager, delivered_on=delivered, proof=_photo("Tanda terima BSiMU"))
        Assistance.objects.filter(pk=a.pk).update(approved_at=start + datetime.timedelta(days=14))


def _assisted(staff: dict[str, User], regions: dict[str, Region], cohort: Cohort, manager: User) -> int:
    """A phone-only entrepreneur registered in the field by the demo TKSK, who also entered a month's
    figures and a profile edit for her: the "Diisi oleh … untuk …" marks. 1 if made now, 0 if there.

    Through the services, as in the field: the consent is captured by the companion, the profile
    change and the report are recorded on her behalf."""
    if User.objects.filter(phone=ASSISTED_PHONE).exists():
        return 0
    companion = staff[ASSISTED_COMPANION]
    district = regions["Coblong"]
    profile = services.register_assisted_entrepreneur(
        by=companion,
        full_name=ASSISTED_NAME,
        phone=ASSISTED_PHONE,
        email="",
        consent=True,  # read aloud by the companion; ConsentRecord.captured_by = the companion
        business_name="Gorengan Bu Sumarni",
        sector="food",
        province=district.parent.parent,
        regency=district.parent,
        district=district,
        village="Lebak Siliwangi",
        cohort=cohort,
    )
    services.update_business_profile(
        profile,
        by=companion,
        business_description="Gorengan dan kue basah, dijual pagi di depan SD dan lewat pesanan WhatsApp.",
        business_start_year=2021,
    )
    # The business mentor, assigned by the manager as usual, finds her figures waiting to verify.
    services.assign_companion(profile, staff["mentor@tumbuh.test"], role=CompanionRole.MENTOR, by=manager)
    month = _months_back(timezone.localdate(), 1)[0]
    services.record_monthly_report(
        profile, by=companion, month=month, revenue=2_100_000, costs=1_350_000, workers=0
    )
    return 1


def seed(*, people: dict[str, User], stdout) -> None:
    """Regions, thresholds, cohorts, the milestone path, companions and ~19 entrepreneurs' journeys."""
    regions = _regions()
    _path()
    cohorts = []
    for name, regency, start in COHORTS:
        cohort, _ = Cohort.objects.update_or_create(
            name=name,
            defaults={
                "region": regions[regency],
                "start_date": start,
                "is_active": True,  # the 2025 cohort closes once its journeys are built (below)
                "description": "Angkatan ProKUS: KPM PKH graduasi dengan usaha ultra mikro.",
            },
        )
        cohorts.append(cohort)
    staff = _staff(regions)
    staff["mentor@tumbuh.test"] = people.get("mentor@tumbuh.test", staff["mentor@tumbuh.test"])
    manager = people["manager@tumbuh.test"]
    _areas(people, regions, national=manager)
    created = 0
    for spec in ENTREPRENEURS:
        email, name, phone = spec[0], spec[1], spec[2]
        user = people.get(email) or _entrepreneur_user(email, name, phone)
        if EntrepreneurProfile.objects.filter(user=user).exists():
            continue  # this journey was built on an earlier run
        _journey(spec, user, regions, cohorts, staff, manager)
        created += 1
    created += _assisted(staff, regions, cohorts[1], manager)
    Cohort.objects.filter(start_date__year__lt=2026).update(is_active=False)
    waiting = Milestone.objects.filter(
        status__in=[MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED]
    ).count()
    stdout.write(
        f"Incubator: {EntrepreneurProfile.objects.count()} entrepreneurs ({created} new), "
        f"{MilestoneTemplate.objects.count()} milestone templates, {waiting} submissions waiting for review."
    )
