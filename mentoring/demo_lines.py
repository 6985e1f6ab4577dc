"""What each demo family and its companions say, built from that family's own facts.

No two families share a script: the lines name the family's business, village, tier, its
milestones (verified, waiting, sent back, next), its latest figures against the UMK of its regency
and its mentor; openings, lengths and the time between messages vary. Seeded by the family (its
sign-in), so the demo is the same on every run. In Indonesian, as the people would write.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from core.money import group_thousands
from incubator.models import (
    EntrepreneurProfile,
    IncomeThreshold,
    Milestone,
    MilestoneStatus,
    MonthlyReport,
    Tier,
)

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
TIERS = {
    Tier.BEGINNER: "Pemula",
    Tier.DEVELOPING: "Berkembang",
    Tier.ADVANCED: "Maju",
    Tier.GRADUATED: "Lulus",
}
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
# How people address each other (Pak / Bu); a name not listed is written without a title.
WOMEN = {
    "Siti",
    "Dewi",
    "Sri",
    "Nur",
    "Eti",
    "Lilis",
    "Iis",
    "Tarmini",
    "Sukarni",
    "Parmi",
    "Wagiyem",
    "Rohmah",
    "Sumarni",
    "Yanti",
    "Ratna",
}

MEN = {"Budi", "Ujang", "Asep", "Dedi", "Slamet", "Sutrisno", "Maman", "Agus", "Wahyu", "Joko", "Hendra"}


def rupiah(amount: int) -> str:
    return f"Rp {group_thousands(amount)}"


def called(full_name: str, business: str = "") -> str:
    """The name a person goes by: the one their business carries ("Toko Sembako Rohmah": Rohmah,
    for Siti Rohmah), else their first name."""
    names = (full_name or "").split()
    return next((n for n in names if n in business.split()), names[0] if names else "")


def addressed(full_name: str, business: str = "") -> str:
    """ "Bu Siti", "Pak Budi", or the name alone when the title is not known."""
    first = called(full_name, business)
    if first in WOMEN:
        return f"Bu {first}"
    if first in MEN:
        return f"Pak {first}"
    return first or "Kak"


@dataclass
class Facts:
    """One family as its companions know it."""

    you: str  # how the companion addresses the entrepreneur: "Bu Siti"
    first: str
    companion: str  # how the entrepreneur addresses the companion: "Pak Agus"
    business: str
    village: str
    district: str
    regency: str
    sector: str
    tier: str
    verified: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    sent_back: list[str] = field(default_factory=list)
    next_step: str = ""
    reports: list[MonthlyReport] = field(default_factory=list)  # newest first
    umk: int | None = None

    @property
    def tier_label(self) -> str:
        return TIERS.get(self.tier, self.tier)


def facts_for(profile: EntrepreneurProfile, companion) -> Facts:
    """The family's facts from the database: a handful of queries, for a demo of twenty families."""
    user = profile.user
    name = user.full_name or user.get_username()
    regency = profile.regency
    milestones = list(
        Milestone.objects.filter(profile=profile, tier=profile.tier)
        .select_related("template")
        .order_by("template__order")
    )
    titles = {
        status: [m.template.title for m in milestones if m.status == status] for status in MilestoneStatus
    }
    upcoming = [
        m.template.title
        for m in milestones
        if m.status == MilestoneStatus.NOT_STARTED and m.template.is_required
    ]
    threshold = (
        IncomeThreshold.objects.filter(regency=regency, effective_from__lte=timezone.localdate())
        .order_by("-effective_from")
        .first()
    )
    return Facts(
        you=addressed(name, profile.business_name),
        first=called(name, profile.business_name),
        companion=addressed(companion.full_name or companion.get_username()),
        business=profile.business_name,
        village=profile.village or (profile.district.name if profile.district_id else regency.name),
        district=profile.district.name if profile.district_id else regency.name,
        regency=regency.name,
        sector=profile.sector,
        tier=profile.tier,
        verified=titles[MilestoneStatus.VERIFIED],
        waiting=titles[MilestoneStatus.SUBMITTED] + titles[MilestoneStatus.RESUBMITTED],
        sent_back=titles[MilestoneStatus.CHANGES_REQUESTED],
        next_step=upcoming[0] if upcoming else "",
        reports=list(MonthlyReport.objects.filter(profile=profile).order_by("-month")[:3]),
        umk=threshold.monthly_amount if threshold else None,
    )


def rng_for(profile: EntrepreneurProfile, what: str) -> random.Random:
    """The same choices for the same family on every run (never for security)."""
    return random.Random(f"{what}/{profile.user.email or profile.user.get_username()}")  # noqa: S311


def _month(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _umk_line(f: Facts, profit: int) -> str:
    if f.umk is None:
        return ""
    if profit >= f.umk:
        if f.tier == Tier.GRADUATED:
            return f"{f.business} masih di atas UMK {f.regency} ({rupiah(f.umk)}); itu yang kita jaga selama pemantauan."
        return f"Untung {f.business} sudah di atas UMK {f.regency}. Kalau bertahan tiga bulan, bisa diusulkan lulus."
    gap = f.umk - profit
    return f"Untuk mencapai UMK {f.regency}, {f.business} kurang {rupiah(gap)} per bulan. Pelan-pelan kita kejar."


# --- the chat ------------------------------------------------------------------------------------
# Each part is a short exchange: (from the entrepreneur?, text). The mentor's last two messages
# close the chat (unread by the family, as on a real phone).


def _opening(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    choices = [
        [
            (
                True,
                f"Assalamualaikum {f.companion}. Ini {f.first} dari {f.village}, mau tanya soal {f.business}.",
            ),
            (False, f"Waalaikumsalam {f.you}. Silakan, ada apa dengan {f.business}?"),
        ],
        [
            (
                True,
                f"Selamat pagi {f.companion}, maaf mengganggu. {f.business} sedang ramai, tapi saya bingung.",
            ),
            (False, f"Pagi {f.you}. Tidak mengganggu, ceritakan saja."),
        ],
        [
            (False, f"Halo {f.you}, bagaimana {f.business} minggu ini?"),
            (True, f"Alhamdulillah {f.companion}, {f.business} lumayan ramai minggu ini."),
        ],
        [
            (False, f"Selamat siang {f.you}. Saya mau tanya kabar usaha di {f.village}."),
            (True, f"Siang {f.companion}. {f.business} jalan terus, ada beberapa yang mau saya tanyakan."),
        ],
        [(True, f"{f.companion}, sore. Ini {f.first}, {f.business}. Ada waktu sebentar?")],
    ]
    return rng.choice(choices)


def _figures(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    if not f.reports:
        return [
            (False, f"{f.you}, catatan bulanan {f.business} belum ada. Bisa diisi minggu ini?"),
            (True, f"Bisa {f.companion}, nota belanja {f.business} sudah saya kumpulkan di toples."),
        ]
    latest = f.reports[0]
    lines = [
        (
            True,
            f"Catatan {_month(latest.month)} sudah saya isi: omzet {rupiah(latest.revenue)}, "
            f"untung bersih {rupiah(latest.profit)}.",
        )
    ]
    if len(f.reports) > 1:
        before = f.reports[1]
        diff = latest.profit - before.profit
        if diff > 0:
            lines.append(
                (False, f"Naik {rupiah(diff)} dari {MONTHS[before.month.month - 1]}. Bagus, {f.you}.")
            )
        elif diff < 0:
            lines.append(
                (
                    False,
                    f"Turun {rupiah(-diff)} dibanding {MONTHS[before.month.month - 1]}. "
                    f"Coba kita lihat biaya mana yang naik di {f.business}.",
                )
            )
            lines.append(
                (True, f"Harga bahan naik, {f.companion}. Nota {f.business} bulan itu nanti saya foto.")
            )
    umk = _umk_line(f, latest.profit)
    if umk:
        lines.append((False, umk))
    return lines


def _milestone(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    options = []
    if f.waiting:
        title = rng.choice(f.waiting)
        options.append(
            [
                (True, f"Bukti untuk \u201c{title}\u201d sudah saya kirim, {f.companion}. Mohon dicek."),
                (
                    False,
                    rng.choice(["Baik, saya periksa malam ini.", "Sudah masuk, besok pagi saya periksa."])
                    + f" Terima kasih, {f.you}.",
                ),
            ]
        )
    if f.sent_back:
        title = rng.choice(f.sent_back)
        options.append(
            [
                (False, f"{f.you}, untuk \u201c{title}\u201d tolong kirim ulang fotonya yang lebih terang."),
                (True, f"Siap, besok pagi saya foto ulang di depan {f.business} waktu terang."),
            ]
        )
    if f.next_step:
        options.append(
            [
                (
                    False,
                    f"{f.you}, langkah berikutnya di tahap {f.tier_label}: \u201c{f.next_step}\u201d. Mau mulai minggu ini?",
                ),
                (
                    True,
                    f"Mau, {f.companion}. Untuk \u201c{f.next_step}\u201d di {f.business} saya perlu bawa apa saja?",
                ),
                (False, f"Cukup catatan dan foto dari HP, {f.you}. Nanti saya bantu isi di Tumbuh."),
            ]
        )
    if f.verified:
        title = f.verified[-1]
        options.append(
            [
                (
                    True,
                    f"Terima kasih sudah memverifikasi \u201c{title}\u201d untuk {f.business}, {f.companion}.",
                ),
                (False, f"Sama-sama, {f.you}. Itu hasil kerja keras {f.business} sendiri."),
            ]
        )
    return rng.choice(options) if options else []


SECTOR_TALK = {
    "trade": [
        [
            (
                True,
                "Stok {business} sering habis di tengah bulan, modal tertahan di barang yang lambat laku.",
            ),
            (
                False,
                "{you}, catat seminggu barang apa yang paling cepat habis, lalu belanja itu dulu di grosir.",
            ),
            (True, "Di {business} minyak goreng dan beras paling cepat, sabun cuci lama sekali."),
        ],
        [
            (True, "Banyak tetangga di {village} yang berutang di {business}, bayarnya kalau gajian."),
            (False, "Catat utang pelanggan di buku terpisah dan beri batas seminggu, {you}."),
        ],
    ],
    "food": [
        [
            (True, "Bahan baku {business} naik terus, saya bingung menentukan harga jual."),
            (False, "Kita hitung HPP per porsi dulu, {you}: semua bahan, gas, kemasan, dibagi porsi sehari."),
            (True, "HPP {business} ketemu Rp {cost} per porsi, saya jual Rp {price}."),
        ],
        [
            (True, "Pesanan {business} lewat WhatsApp mulai banyak untuk arisan dan pengajian di {village}."),
            (False, "Minta uang muka separuh untuk pesanan besar supaya modal bahan aman, {you}."),
        ],
    ],
    "services": [
        [
            (True, "Pelanggan {business} sering minta dibayar belakangan."),
            (
                False,
                "{you}, untuk pelanggan baru minta DP dulu, minimal untuk harga suku cadang atau bahannya.",
            ),
        ],
        [
            (True, "Ternyata ongkos jasa {business} terlalu murah dibanding waktu kerjanya."),
            (
                False,
                "Buat daftar harga tertulis dan tempel di tempat usaha, {you}. Kita hitung ongkos per jam.",
            ),
        ],
    ],
    "crafts": [
        [
            (True, "Pengepul menawar produk {business} murah sekali, padahal satu produk dua hari kerja."),
            (
                False,
                "{you}, hitung jam dan bahan untuk satu produk, supaya tahu harga terendah yang masih untung.",
            ),
        ],
        [
            (True, "Sudah difoto lima produk {business} untuk katalog."),
            (False, "Tulis cerita singkat cara membuatnya di setiap foto, {you}. Pembeli suka itu."),
        ],
    ],
    "livestock": [
        [
            (True, "Harga pakan naik, untung {business} makin tipis."),
            (
                False,
                "Campur dengan ampas tahu dan hijauan, {you}; tanya penyuluh peternakan {district} soal takarannya.",
            ),
        ],
        [
            (True, "Menjelang Iduladha banyak yang pesan ke {business}."),
            (False, "Catat pesanan dan uang mukanya, {you}. Jangan jual semua indukan, sisakan untuk bibit."),
        ],
    ],
    "farming": [
        [
            (True, "Panen {business} minggu ini banyak, tapi harga di pasar pagi jatuh."),
            (
                False,
                "{you}, tawarkan langsung ke warung makan dan katering sekitar {village}, harga lebih stabil.",
            ),
        ],
        [
            (True, "Sebagian sayur {business} layu sebelum terjual."),
            (False, "Panen bertahap saja, {you}, jangan sekaligus. Simpan di tempat teduh dan lembap."),
        ],
    ],
}


def _sector(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    """One of the sector's worries, told about this business."""
    cost = rng.randrange(40, 90) * 100
    words = {
        "business": f.business,
        "you": f.you,
        "village": f.village,
        "district": f.district,
        "cost": group_thousands(cost),
        "price": group_thousands(round(cost * rng.uniform(1.3, 1.6), -2)),
    }
    return [
        (mine, text.format(**words))
        for mine, text in rng.choice(SECTOR_TALK.get(f.sector, SECTOR_TALK["trade"]))
    ]


def _tier(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    return {
        Tier.BEGINNER: [
            (False, f"Di tahap Pemula fokus kita pembukuan harian {f.business} dulu, {f.you}."),
            (True, f"Buku kas {f.business} sudah saya isi tiap malam, {f.companion}, sejak awal bulan."),
        ],
        Tier.DEVELOPING: [
            (False, f"{f.you}, di tahap Berkembang sudah saatnya {f.business} punya rekening usaha sendiri."),
            (
                True,
                f"Rencananya {DAYS[rng.randrange(6)]} depan ke bank di {f.district}, buka rekening {f.business}.",
            ),
        ],
        Tier.ADVANCED: [
            (
                False,
                f"Kalau {f.business} mau tambah modal, kita siapkan berkas KUR: NIB, catatan tiga bulan, foto usaha.",
            ),
            (True, f"NIB {f.business} sudah ada, {f.companion}. Tinggal fotokopi KTP dan KK."),
        ],
        Tier.GRADUATED: [
            (
                False,
                f"Walau {f.business} sudah lulus, saya tetap dampingi setahun lagi. Catatan bulanan tetap diisi ya.",
            ),
            (True, f"Siap {f.companion}, catatan {f.business} tetap saya isi tiap awal bulan."),
        ],
    }.get(f.tier, [])


def _visit(f: Facts, rng: random.Random) -> list[tuple[bool, str]]:
    day = DAYS[rng.randrange(6)]
    return [
        (False, f"Hari {day} saya ke {f.village}, sekalian mampir ke {f.business}?"),
        (
            True,
            rng.choice(
                [
                    f"Boleh, {f.companion}. Saya tunggu di {f.business} setelah Zuhur.",
                    f"Hari {day} {f.business} ada pesanan, sore saja ya {f.companion}.",
                ]
            ),
        ),
    ]


CLOSINGS = [
    (
        "Oh ya {you}, jangan lupa foto nota belanja {business} minggu ini.",
        "Kalau {business} ada kendala, kabari saja.",
    ),
    ("Catatan {business} bulan ini diisi sebelum tanggal lima ya.", "Semangat terus, {you}!"),
    (
        "{you}, ada pelatihan pemasaran daring di kecamatan {district} minggu depan.",
        "Kalau bisa datang, nanti saya kirim lokasinya ke {you}.",
    ),
    (
        "Saya sudah baca catatan {business}, rapi sekali.",
        "Minggu depan kita bahas rencana bulan depan, {you}.",
    ),
    ("Tadi saya lewat {village}, {business} ramai.", "Nanti malam saya telepon sebentar ya, {you}."),
]


DAY_MINUTES = 24 * 60
GREETING_HOURS = {"pagi": (6, 10), "siang": (11, 14), "sore": (15, 17)}


@dataclass
class Line:
    from_entrepreneur: bool
    text: str
    minutes: int  # after midnight of the day the chat began (local time)


def chat_script(profile: EntrepreneurProfile, companion) -> list[Line]:
    """The family's conversation with its business mentor: an opening, two to four of the parts
    above (a milestone when there is one, the latest figures last), two closing lines."""
    f = facts_for(profile, companion)
    rng = rng_for(profile, "chat")
    parts = [_milestone(f, rng)]
    extra = [_sector(f, rng), _tier(f, rng), _visit(f, rng)]
    rng.shuffle(extra)
    parts += extra[: rng.randint(1, 3)]
    rng.shuffle(parts)
    parts.append(_figures(f, rng))  # last month's figures: the newest talk, entered in the new month
    closing = rng.choice(CLOSINGS)
    words = {"you": f.you, "business": f.business, "district": f.district, "village": f.village}
    exchanges = [_opening(f, rng), *[p for p in parts if p], [(False, c.format(**words)) for c in closing]]
    # The first message at an hour that fits its greeting; nobody writes between 21:00 and 06:00.
    first = exchanges[0][0][1]
    hours = next((h for word, h in GREETING_HOURS.items() if word in first), (7, 20))
    lines, minutes = [], rng.randint(hours[0] * 60, hours[1] * 60)
    for n, exchange in enumerate(exchanges):
        if n:  # the next part: later the same day, or a day or a few later
            minutes += rng.choice(
                [rng.randint(90, 300), rng.randint(60 * 20, 60 * 30), rng.randint(60 * 44, 60 * 80)]
            )
        for i, (mine, text) in enumerate(exchange):
            if i:
                minutes += rng.randint(1, 3) if mine == exchange[i - 1][0] else rng.randint(4, 75)
            if not 6 * 60 <= minutes % DAY_MINUTES < 21 * 60:  # the answer waits for the morning
                minutes += (6 * 60 - minutes % DAY_MINUTES) % DAY_MINUTES + rng.randint(0, 150)
            lines.append(Line(mine, text, minutes))
    return lines


# --- sessions and visits ---------------------------------------------------------------------------


@dataclass
class SessionPlan:
    days_ago: int
    mode: str
    topics: str
    notes: str
    items: list[tuple[str, int, bool]]  # (text, due in days, done by the family)


def session_plans(profile: EntrepreneurProfile, companion) -> list[SessionPlan]:
    """One to three mentoring sessions about this family's own figures, steps and business."""
    f = facts_for(profile, companion)
    rng = rng_for(profile, "sessions")
    plans = [
        SessionPlan(
            0,
            "visit",
            f"Pembukuan {f.business}",
            f"Buku kas {f.business} diperiksa bersama di {f.village}: "
            f"{rng.randint(12, 27)} hari tercatat bulan ini. Uang usaha dan uang dapur mulai dipisah.",
            [
                (
                    "Catat penjualan dan belanja setiap hari selama sebulan",
                    rng.randint(14, 30),
                    rng.random() < 0.6,
                )
            ],
        )
    ]
    if f.reports:
        latest = f.reports[0]
        plans.append(
            SessionPlan(
                0,
                "phone",
                f"Membaca catatan {_month(latest.month)}",
                f"Omzet {rupiah(latest.revenue)}, biaya {rupiah(latest.costs)}, untung {rupiah(latest.profit)}. "
                + _umk_line(f, latest.profit),
                [(f"Bandingkan harga bahan di dua pemasok untuk {f.business}", rng.randint(7, 14), False)],
            )
        )
    if f.next_step or f.waiting:
        step = f.next_step or f.waiting[0]
        plans.append(
            SessionPlan(
                0,
                rng.choice(["visit", "phone", "chat"]),
                f"Persiapan \u201c{step}\u201d",
                f"Dibahas bersama {f.you} apa yang perlu difoto dan dicatat di {f.business} untuk \u201c{step}\u201d (tahap {f.tier_label}).",
                [(f"Kirim bukti \u201c{step}\u201d di Tumbuh", rng.randint(7, 21), rng.random() < 0.4)],
            )
        )
    chosen = rng.sample(plans, rng.randint(1, len(plans)))
    ages = sorted(rng.sample(range(3, 75), len(chosen)), reverse=True)
    for plan, age in zip(chosen, ages, strict=True):
        plan.days_ago = age
    return chosen


@dataclass
class VisitPlan:
    days_ago: int
    purpose: str
    summary: str
    internal: str
    items: list[tuple[str, int, bool]]
    photo: bool


OBSERVED = {
    "trade": [
        "Rak sudah ditata, barang yang cepat laku di depan.",
        "Buku utang pelanggan dipisah dari buku kas.",
    ],
    "food": ["Dapur produksi bersih, bahan disimpan tertutup.", "Kemasan sudah berlabel nama usaha."],
    "services": ["Alat tersimpan rapi di kotak.", "Daftar harga jasa sudah ditempel."],
    "crafts": ["Bahan baku cukup untuk dua minggu.", "Produk jadi difoto untuk katalog."],
    "livestock": ["Kandang bersih dan kering, ternak sehat.", "Catatan pakan mingguan ada."],
    "farming": ["Bedengan rapi, panen bertahap sudah dicoba.", "Nota pengiriman ke warung makan tersimpan."],
}
DAILY = {
    "trade": "Catat barang yang laku tiap hari",
    "food": "Catat porsi yang terjual tiap hari",
    "services": "Catat pesanan yang masuk tiap hari",
    "crafts": "Catat produk titipan yang laku tiap minggu",
    "livestock": "Catat pakan dan ternak yang terjual",
    "farming": "Catat hasil panen per bedeng",
}
HOUSEHOLD = [
    "{you} dibantu keluarga saat belanja ke pasar; tidak ada kendala di rumah.",
    "Anak sulung {you} ikut membantu sepulang sekolah; sudah dibicarakan agar tidak mengganggu belajar.",
    "Bantuan PKH keluarga {you} sudah berhenti; usaha menjadi penghasilan utama.",
    "Orang tua {you} sakit; sudah dirujuk ke puskesmas {district} dan dicatat.",
    "Keluarga {you} belum punya BPJS Kesehatan mandiri; diberi tahu cara mendaftar.",
    "Rumah {you} kontrak, jatuh tempo bulan depan; uangnya sudah disisihkan.",
]


def visit_plans(profile: EntrepreneurProfile, companion) -> list[VisitPlan]:
    """One to three visits by the family's social companion to its own village, about what they saw."""
    f = facts_for(profile, companion)
    rng = rng_for(profile, "visits")
    seen = OBSERVED.get(f.sector, OBSERVED["trade"])
    household = rng.sample(HOUSEHOLD, 3)
    words = {"you": f.you, "district": f.district}
    plans = [
        VisitPlan(
            0,
            "monitoring",
            f"{f.business} di {f.village} buka setiap hari. {rng.choice(seen)}",
            household[0].format(**words),
            [(DAILY.get(f.sector, DAILY["trade"]), rng.randint(7, 14), True)],
            True,
        ),
        VisitPlan(
            0,
            "follow_up",
            f"Tindak lanjut kunjungan lalu di {f.village}: {seen[1][0].lower()}{seen[1][1:]}",
            household[1].format(**words),
            [("Ikut pertemuan kelompok usaha di kelurahan", rng.randint(14, 21), False)],
            False,
        ),
    ]
    if f.waiting or f.verified:
        title = (f.waiting or f.verified)[0]
        plans.append(
            VisitPlan(
                0,
                "evidence_check",
                f"Bukti \u201c{title}\u201d dilihat langsung di {f.business}; sesuai dengan yang dikirim.",
                household[2].format(**words),
                [
                    (
                        f"Simpan nota dan foto untuk tahap {f.tier_label}",
                        rng.randint(7, 21),
                        rng.random() < 0.5,
                    )
                ],
                rng.random() < 0.5,
            )
        )
    # The first visit always (the follow-up and the evidence check come after it), oldest first.
    chosen = [plans[0], *sorted(rng.sample(plans[1:], rng.randint(0, len(plans) - 1)), key=plans.index)]
    ages = sorted(rng.sample(range(2, 85), len(chosen)), reverse=True)
    for plan, age in zip(chosen, ages, strict=True):
        plan.days_ago = age
    return chosen
