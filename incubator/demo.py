"""The incubator part of ``manage.py seed_demo``: a believable PENA program (ProKUS's successor). Idempotent.

Regions, UMK thresholds and the milestone paths are reference data (``incubator/data/``, loaded by
``manage.py load_program``); this module adds only people and their activity: cohorts, companions and
each demo entrepreneur's journey, built once through the real services (so every rule and history row
is exercised), then dated back so the program looks lived-in.
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts import roles
from accounts import services as account_services
from accounts.demo import ASSISTED_COMPANION, ASSISTED_NAME, ASSISTED_PHONE, DEMO_PASSWORD
from accounts.models import User
from incubator import services
from incubator.demo_scale import seed_scale  # noqa: F401  (seed_demo --scale)
from incubator.models import (
    Assistance,
    AssistanceBudget,
    Cohort,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    ExitReason,
    GraduationWatch,
    ManagerScope,
    MentorProfile,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    ProgramExit,
    PromotionRequest,
    Region,
    Tier,
    TierChange,
)
from incubator.program_data import load_program, read_program
from incubator.scope import forget_scope
from incubator.services.assistance import mark_receipt_unanswered
from incubator.services.graduation import add_months, graduation_check_in
from incubator.services.promotion import current_threshold
from incubator.services.scopes import set_manager_scope

# Demo managers' areas: manager@ is national (the browser journeys rely on it); the others regional.
AREAS = {
    "manager.jabar@tumbuh.test": "Jawa Barat",
    "manager.klaten@tumbuh.test": "Kabupaten Klaten",
}

# PENA (Pahlawan Ekonomi Nusantara) has followed ProKUS since 2022: its intake waves per regency.
COHORTS = [
    ("PENA 2025 — Kota Bandung gelombang 1", "Kota Bandung", datetime.date(2025, 3, 3)),
    ("PENA 2026 — Kota Bandung gelombang 1", "Kota Bandung", datetime.date(2026, 2, 2)),
    ("PENA 2026 — Kabupaten Klaten gelombang 1", "Kabupaten Klaten", datetime.date(2026, 3, 2)),
]
# The names a database seeded before carries: the same cohorts, renamed on the next run.
FORMER_COHORTS = {
    "ProKUS 2025 — Kota Bandung": COHORTS[0][0],
    "ProKUS 2026 — Kota Bandung": COHORTS[1][0],
    "ProKUS 2026 — Kabupaten Klaten": COHORTS[2][0],
}

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
# The graduate graduated this long ago: six monthly check-ins of the graduation watch since.
GRADUATED_DAYS_AGO = 200
# A manager's demo shows every screen with data: one family that moved away (still out), one that
# left and came back; BSiMU answers "no" (a complaint) and "no answer in 14 days" (a complaint).
EXITS = {
    "maman.suherman@contoh.tumbuh.test": (ExitReason.MOVED, 12, None),
    "sukarni@contoh.tumbuh.test": (ExitReason.OTHER, 75, 30),
}
RECEIPT_DENIED = "nur.hasanah@contoh.tumbuh.test"
RECEIPT_UNANSWERED = "asep.saepudin@contoh.tumbuh.test"
DESCRIPTIONS = {
    "trade": "Menjual kebutuhan sehari-hari untuk tetangga sekitar.",
    "food": "Produksi rumahan, dijual di depan rumah, sekolah dan lewat pesanan WhatsApp.",
    "services": "Melayani pelanggan di sekitar kampung, dikerjakan di rumah.",
    "crafts": "Dibuat dengan tangan, dijual ke pengepul dan toko oleh-oleh.",
    "livestock": "Dipelihara di pekarangan belakang rumah, dijual ke pasar dan tetangga.",
    "farming": "Ditanam di lahan sewa dekat rumah, dijual ke pasar pagi.",
}


# Each family lives in its own village (desa / kelurahan) of its kecamatan: visits are logged there.
VILLAGES = {
    "Coblong": ["Dago", "Sekeloa", "Sadang Serang", "Cipaganti"],
    "Sukajadi": ["Pasteur", "Sukawarna", "Cipedes"],
    "Cicendo": ["Arjuna", "Pasirkaliki", "Husen Sastranegara"],
    "Kiaracondong": ["Babakan Sari", "Kebon Jayanti", "Sukapura"],
    "Bandung Wetan": ["Citarum", "Tamansari", "Cihapit"],
    "Wedi": ["Kalitengah", "Pasung", "Birit"],
    "Klaten Tengah": ["Gayamprit", "Semangkak", "Mojayan"],
    "Prambanan": ["Taji", "Bugisan", "Kebondalem Kidul"],
}
# Monthly figures by sector: (profit at the start, growth a month, share of revenue kept as profit).
# A warung kelontong turns a lot of stock on a thin margin; a tailor or a repair shop mostly sells work.
SECTOR_FIGURES = {
    "trade": (1_050_000, 45_000, 0.14),
    "food": (1_250_000, 70_000, 0.30),
    "services": (1_500_000, 60_000, 0.55),
    "crafts": (1_150_000, 55_000, 0.38),
    "livestock": (850_000, 40_000, 0.28),
    "farming": (950_000, 35_000, 0.42),
}
NOISE = 0.12  # month-to-month swing of a working family's profit (seeded: the same on every run)
# The placement case: a Beginner whose verified profit is close to (still below) the UMK, so a
# manager sees why a first-visit assessment matters (she could have started higher).
PLACEMENT_CASE = "nur.hasanah@contoh.tumbuh.test"
PLACEMENT_SHARE = 0.93
# BSiMU that fits the business: (kind, item, amount) per sector, a second item for later tiers.
ASSISTANCE_ITEMS = {
    "trade": [
        ("goods", "Rak besi dan timbangan digital", 2_400_000),
        ("cash", "Tambahan modal stok grosir", 3_500_000),
    ],
    "food": [
        ("goods", "Etalase kaca dan kompor dua tungku", 2_400_000),
        ("cash", "Modal belanja bahan baku", 3_500_000),
    ],
    "services": [
        ("goods", "Kompresor angin dan kunci set", 2_400_000),
        ("goods", "Mesin jahit obras", 3_500_000),
    ],
    "crafts": [
        ("goods", "Gergaji listrik dan bor tangan", 2_400_000),
        ("cash", "Modal bahan baku dan pewarna", 3_500_000),
    ],
    "livestock": [
        ("goods", "Bibit ternak dan pakan tiga bulan", 3_500_000),
        ("goods", "Bahan kandang panggung", 2_400_000),
    ],
    "farming": [
        ("goods", "Bibit, pupuk organik dan sprayer", 2_400_000),
        ("goods", "Instalasi irigasi tetes", 3_500_000),
    ],
}


def _village(district: str, index: int) -> str:
    names = VILLAGES.get(district, [])
    return names[index % len(names)] if names else ""


def _photo(label: str, color=(31, 111, 67)) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).text((24, 220), label[:60], fill=(255, 255, 255))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def _regions() -> dict[str, Region]:
    """Every area of ``incubator/data/regions.yaml`` by name (the demo's names are unique)."""
    found: dict[str, Region] = {}
    for p in read_program().provinces:
        found[p.name] = province = Region.objects.get(code=p.code)
        for r in p.regencies:
            found[r.name] = regency = Region.objects.get(code=r.code, parent=province)
            for name in r.districts:
                found[name] = Region.objects.get(parent=regency, name=name)
    return found


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
    # A past promotion of the demo: already celebrated (the dashboard shows itself, not the celebration).
    TierChange.objects.filter(pk=change.pk).update(changed_at=decided, celebrated_at=decided)
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier_since=decided)


def _months_back(today: datetime.date, n: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(n, 0, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(datetime.date(y, m + 1, 1))
    return months


def _reports(
    profile, user, mentor, months: int, base_profit: int, growth: int, *, exact: bool = False
) -> None:
    """Monthly figures shaped by the family's sector (margin) with seeded noise. ``exact``: the profit
    follows the curve exactly (families whose UMK outcome the demo relies on); only the split between
    revenue and costs varies then."""
    margin = SECTOR_FIGURES.get(profile.sector, SECTOR_FIGURES["trade"])[2]
    rng = random.Random(f"figures:{profile.user.email or profile.user.phone}")
    for i, month in enumerate(_months_back(timezone.localdate(), months)):
        profit = base_profit + growth * i
        if not exact:
            profit = round(profit * (1 + rng.uniform(-NOISE, NOISE)), -3)
        revenue = round(profit / (margin * (1 + rng.uniform(-0.06, 0.06))), -3)
        report = services.record_monthly_report(
            profile,
            by=user,
            month=month,
            revenue=revenue,
            costs=revenue - profit,
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
        village=_village(district.name, ENTREPRENEURS.index(spec)),
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
    _assistance(profile, manager, social, index=ENTREPRENEURS.index(spec), start=start, item=0)

    tiers_before = {Tier.BEGINNER: 0, Tier.DEVELOPING: 1, Tier.ADVANCED: 2, Tier.GRADUATED: 3}[target]
    steps = 14 * tiers_before + 2 * (done + waiting + changes) + 2
    # A graduate graduated months ago, so that the watch has its monthly check-ins to show.
    end = today - datetime.timedelta(days=GRADUATED_DAYS_AGO if target == Tier.GRADUATED else 2)
    clock = _Clock(start, end, steps=steps)
    report_months = max(months - 1, 0)
    umk = current_threshold(district.parent_id).monthly_amount
    if target in (Tier.ADVANCED, Tier.GRADUATED):
        # Graduation (and the graduate's watch) compare the verified profit with the UMK: exact.
        rich = target == Tier.GRADUATED or email in PENDING
        base = umk + 300_000 if rich else umk - 100_000
        _reports(profile, user, mentor, report_months, base - 100_000 * report_months, 100_000, exact=True)
    elif email == PLACEMENT_CASE and report_months:
        n = min(report_months, 6)
        close = round(umk * PLACEMENT_SHARE, -3)
        _reports(profile, user, mentor, n, close - 40_000 * (n - 1), 40_000, exact=True)
    elif report_months:
        start_profit, growth, _margin = SECTOR_FIGURES.get(sector, SECTOR_FIGURES["trade"])
        _reports(profile, user, mentor, min(report_months, 6), start_profit, growth)

    for tier in [Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED][:tiers_before]:
        for m in profile.milestones.filter(tier=tier).select_related("template").order_by("template__order"):
            if m.status == MilestoneStatus.VERIFIED:
                continue  # completed itself (MilestoneTemplate.auto_rule): its proof is in Tumbuh
            if m.template.is_required or m.template.order % 2:
                _verify(_submit(m, user, clock), mentor, clock)
        if tier == Tier.ADVANCED:
            # Graduation counts the latest three verified months: verify the newest too.
            for report in MonthlyReport.objects.filter(profile=profile, verified_at__isnull=True):
                services.verify_monthly_report(report, by=mentor)
        _promote(profile, mentor, manager, clock)
        profile.refresh_from_db()
    if target == Tier.GRADUATED:
        _follow_graduate(profile)
    if tiers_before and target != Tier.GRADUATED:
        # Assistance in every group (Triple Power): a second item planned in the family's current tier.
        _assistance(profile, manager, social, index=ENTREPRENEURS.index(spec), start=start, item=1)

    if target != Tier.GRADUATED:
        current = list(
            profile.milestones.filter(tier=target)
            .exclude(status=MilestoneStatus.VERIFIED)  # those that completed themselves
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


def _follow_graduate(profile: EntrepreneurProfile) -> None:
    """The graduation watch from the day of graduation: the monthly reports since are its check-ins,
    compared with the UMK as the report services would have (the 6th month's outcome is recorded)."""
    watch = GraduationWatch.objects.select_related("tier_change").get(profile=profile)
    graduated_on = timezone.localdate(watch.tier_change.changed_at)
    watch.graduated_on = graduated_on
    watch.ends_on = add_months(graduated_on, settings.TUMBUH_GRADUATION_WATCH_MONTHS)
    watch.save(update_fields=["graduated_on", "ends_on", "updated_at"])
    for report in MonthlyReport.objects.filter(profile=profile, month__gt=graduated_on).order_by("month"):
        graduation_check_in(report)


def _exits(manager: User) -> None:
    """One family out of the program, one that left and came back (``EXITS``), once."""
    today = timezone.localdate()
    for email, (reason, days_ago, back_days_ago) in EXITS.items():
        profile = EntrepreneurProfile.objects.filter(user__email=email).first()
        if profile is None or ProgramExit.objects.filter(profile=profile).exists():
            continue
        exited_on = max(today - datetime.timedelta(days=days_ago), profile.enrolled_on)
        services.record_exit(
            profile,
            by=manager,
            reason=reason,
            exited_on=exited_on,
            note="Pindah ikut suami ke Kabupaten Bekasi."
            if reason == ExitReason.MOVED
            else "Merawat orang tua.",
        )
        if back_days_ago is not None:
            services.re_enter(
                profile,
                by=manager,
                reason="Orang tua sudah sehat; usaha dibuka lagi.",
                on=max(today - datetime.timedelta(days=back_days_ago), exited_on),
            )


def _intake(manager: User) -> None:
    """The placements queue has a family waiting: the assisted family's first-visit assessment, by
    her social companion, for a manager of her area to confirm (once)."""
    from incubator.models import IntakeAspect, IntakeAssessment

    profile = EntrepreneurProfile.objects.filter(user__phone=ASSISTED_PHONE).first()
    if profile is None or IntakeAssessment.objects.filter(profile=profile).exists():
        return
    aspects = IntakeAspect.objects.filter(is_active=True).order_by("order", "code")
    if not aspects.exists():
        return
    services.record_intake_assessment(
        profile,
        by=User.objects.get(email=ASSISTED_COMPANION),
        scores={aspect.code: (1, 2, 1, 2, 0, 1)[i % 6] for i, aspect in enumerate(aspects)},
        baseline_revenue=2_100_000,
        baseline_costs=1_350_000,
        baseline_workers=0,
        baseline_permits="NIB",
        baseline_assets=1_500_000,
        notes="Jualan sejak 2021, pembukuan belum rutin; diisi bersama pendamping usaha.",
    )


def _budgets(cohorts: list[Cohort], manager: User) -> None:
    """A BSiMU budget per cohort with some left to plan (the budgets screen), set once."""
    from incubator.selectors import committed_for

    for cohort in cohorts:
        if not AssistanceBudget.objects.filter(cohort=cohort).exists():
            services.set_budget(cohort, by=manager, amount=committed_for(cohort) + 25_000_000)


def _second_manager(profile: EntrepreneurProfile, planner: User) -> User | None:
    """The regional demo manager whose area holds ``profile`` (four eyes: never the planner)."""
    from incubator.scope import scope_for

    for other in User.objects.filter(email__in=AREAS).order_by("email"):
        if other.pk != planner.pk and scope_for(other).contains_profile(profile):
            return other
    return None


def _assistance(
    profile: EntrepreneurProfile,
    manager: User,
    social: User,
    *,
    index: int,
    start: datetime.datetime,
    item: int = 0,
) -> None:
    """BSiMU in every state across the demo: most delivered, some approved or planned, one cancelled.

    Four eyes as in the field: the national manager plans, the regional manager approves, the social
    companion records the delivery; the family then confirms (one delivery is still waiting).
    """
    if item:  # the later tier's item: approved, or planned, never in the receipt stories below
        state = "approved" if index % 2 else "planned"
    else:
        state = ["delivered", "delivered", "approved", "planned", "delivered", "cancelled"][index % 6]
    items = ASSISTANCE_ITEMS.get(profile.sector, ASSISTANCE_ITEMS["trade"])
    kind, plan_item, amount = items[item % len(items)]
    a = services.plan_assistance(profile, by=manager, kind=kind, plan_item=plan_item, amount=amount)
    if state == "planned":
        return
    if state == "cancelled":
        services.cancel_assistance(a, by=manager, reason="Tercatat dua kali; diganti catatan yang benar.")
        return
    approver = _second_manager(profile, manager)
    if approver is None:
        return
    a = services.approve_assistance(a, by=approver)
    if state == "delivered":
        delivered = min((start + datetime.timedelta(days=21)).date(), timezone.localdate())
        a = services.deliver_assistance(
            a, by=social, delivered_on=delivered, proof=_photo("Tanda terima BSiMU")
        )
        Assistance.objects.filter(pk=a.pk).update(approved_at=start + datetime.timedelta(days=14))
        if profile.user.email == RECEIPT_DENIED:
            services.confirm_receipt(a, by=profile.user, received=False)
        elif profile.user.email == RECEIPT_UNANSWERED:
            asked = datetime.datetime.combine(
                delivered, datetime.time(10), tzinfo=timezone.get_current_timezone()
            )
            Assistance.objects.filter(pk=a.pk).update(receipt_asked_at=asked)
            mark_receipt_unanswered(a, now=timezone.now())
        elif index % 6 != 1:
            services.confirm_receipt(a, by=profile.user, received=True)


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
    """Cohorts, companions and ~19 entrepreneurs' journeys, on the program of ``load_program``."""
    load_program()  # idempotent; seed_demo has run it already, the demo tests call seed() alone
    regions = _regions()
    cohorts = []
    for former, name in FORMER_COHORTS.items():
        if not Cohort.objects.filter(name=name).exists():
            Cohort.objects.filter(name=former).update(name=name)
    for name, regency, start in COHORTS:
        cohort, _ = Cohort.objects.update_or_create(
            name=name,
            defaults={
                "region": regions[regency],
                "start_date": start,
                "is_active": True,  # the 2025 cohort closes once its journeys are built (below)
                "description": "Gelombang PENA (Pahlawan Ekonomi Nusantara): KPM PKH graduasi dengan usaha ultra mikro.",
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
    _exits(manager)
    _budgets(cohorts, manager)
    _intake(manager)
    Cohort.objects.filter(start_date__year__lt=2026).update(is_active=False)
    services.recount_all_progress()  # the journeys' dates were rewritten after the services ran
    waiting = Milestone.objects.filter(
        status__in=[MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED]
    ).count()
    stdout.write(
        f"Incubator: {EntrepreneurProfile.objects.count()} entrepreneurs ({created} new), "
        f"{MilestoneTemplate.objects.count()} milestone templates, {waiting} submissions waiting for review."
    )
