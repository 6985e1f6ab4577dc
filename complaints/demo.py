"""The complaints part of ``manage.py seed_demo``: a few complaints at different steps. Idempotent.

Built through the real services (numbers, history, region rule). Skipped once the demo
entrepreneurs have complaints, or when their profiles or the national manager's area are missing.
"""

from __future__ import annotations

from complaints import services
from complaints.models import Category, Complaint
from complaints.services import ComplaintError

MANAGER = "manager@tumbuh.test"
MENTOR = "mentor@tumbuh.test"

# raiser, category, description, steps: (action, text)
STORIES = [
    (
        "pemula@tumbuh.test",
        Category.ASSISTANCE,
        "Bantuan gerobak yang dijanjikan bulan lalu belum saya terima. Mohon dicek.",
        [("assign", ""), ("start", "Sudah kami tanyakan ke penyalur; pengiriman dijadwalkan ulang.")],
    ),
    (
        "berkembang@tumbuh.test",
        Category.CIVIL_REGISTRY,
        "Anak saya belum punya akta kelahiran, dibutuhkan untuk daftar sekolah.",
        [
            ("assign", ""),
            ("start", ""),
            ("refer", "Disdukcapil Kota Bandung"),
            ("close", "Akta sudah terbit, terima kasih."),
        ],
    ),
    ("maju@tumbuh.test", Category.DATA, "Nama usaha saya tertulis salah, seharusnya 'Batik Lestari'.", []),
]


def seed(*, people: dict, stdout=None) -> None:
    raisers = [people.get(email) for email, *_rest in STORIES]
    if any(r is None for r in raisers) or Complaint.objects.filter(raised_by__in=raisers).exists():
        if stdout:
            stdout.write("complaints: already seeded (or demo people missing); skipped")
        return
    manager = people.get(MANAGER)
    made = 0
    for (_email, category, description, steps), raiser in zip(STORIES, raisers, strict=True):
        try:
            complaint = services.raise_complaint(by=raiser, category=category, description=description)
            for action, text in steps:
                if action == "assign":
                    complaint = services.assign_complaint(complaint, by=manager, handler=manager)
                elif action == "start":
                    complaint = services.start_complaint(complaint, by=manager, note=text)
                elif action == "refer":
                    complaint = services.refer_complaint(complaint, by=manager, referred_to=text)
                elif action == "close":
                    complaint = services.close_complaint(complaint, by=manager, note=text)
        except ComplaintError as exc:
            if stdout:
                stdout.write(f"complaints: stopped a demo story ({exc})")
            continue
        made += 1
    if stdout:
        stdout.write(f"complaints: {made} demo complaints")
