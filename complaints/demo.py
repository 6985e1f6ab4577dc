"""The complaints part of ``manage.py seed_demo``: a few complaints at different steps. Idempotent.

Built through the real services (numbers, history, region rule). Skipped once the demo
entrepreneurs have complaints, or when their profiles or the national manager's area are missing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from complaints import services
from complaints.models import Category, Complaint, ComplaintEvent
from complaints.services import ComplaintError

MANAGER = "manager@tumbuh.test"
MENTOR = "mentor@tumbuh.test"

# raiser, category, description, raised days ago, steps: (action, text, days after raising). Handling
# takes days as in the field: the report's resolution time and "within target" are believable.
STORIES = [
    (
        "pemula@tumbuh.test",
        Category.ASSISTANCE,
        "Bantuan gerobak yang dijanjikan bulan lalu belum saya terima. Mohon dicek.",
        6,
        [("assign", "", 0.2), ("start", "Sudah kami tanyakan ke penyalur; pengiriman dijadwalkan ulang.", 2)],
    ),
    (
        "berkembang@tumbuh.test",
        Category.CIVIL_REGISTRY,
        "Anak saya belum punya akta kelahiran, dibutuhkan untuk daftar sekolah.",
        40,
        [
            ("assign", "", 0.1),
            ("start", "", 1),
            ("refer", "Disdukcapil Kota Bandung", 3),
            ("close", "Akta sudah terbit, terima kasih.", 16),
        ],
    ),
    (
        "maju@tumbuh.test",
        Category.DATA,
        "Nama usaha saya tertulis salah, seharusnya 'Batik Lestari'.",
        21,
        [
            ("assign", "", 0.3),
            ("start", "Kami cek ke data pendaftaran angkatan.", 1),
            ("resolve", "Nama usaha sudah diperbaiki di data program; mohon dicek di profil.", 4),
        ],
    ),
]


def _backdate(complaint: Complaint, *, raised_days_ago: int, event_days: list[float]) -> None:
    """Move the story into the past: raised ``raised_days_ago`` days ago, each history line
    ``event_days`` days after that (one per line after the first); the target date keeps its
    distance to the raising, the resolution and closing dates follow their history lines."""
    now = timezone.now()
    raised = now - datetime.timedelta(days=raised_days_ago)
    shift = raised - complaint.created_at
    events = list(complaint.events.order_by("created_at", "pk"))
    when = [raised] + [raised + datetime.timedelta(days=d) for d in event_days]
    for event, at in zip(events, when, strict=False):
        ComplaintEvent.objects.filter(pk=event.pk).update(created_at=at)
    last = when[len(events) - 1] if events else raised
    fields = {"created_at": raised, "due_at": complaint.due_at + shift, "updated_at": last}
    resolved = [
        at for event, at in zip(events, when, strict=False) if event.to_status in ("resolved", "referred")
    ]
    if complaint.resolved_at and resolved:
        fields["resolved_at"] = resolved[-1]
    if complaint.closed_at:
        fields["closed_at"] = last
    Complaint.objects.filter(pk=complaint.pk).update(**fields)


def seed(*, people: dict, stdout=None) -> None:
    raisers = [people.get(email) for email, *_rest in STORIES]
    if any(r is None for r in raisers) or Complaint.objects.filter(raised_by__in=raisers).exists():
        if stdout:
            stdout.write("complaints: already seeded (or demo people missing); skipped")
        return
    manager = people.get(MANAGER)
    made = 0
    for (_email, category, description, days_ago, steps), raiser in zip(STORIES, raisers, strict=True):
        try:
            complaint = services.raise_complaint(by=raiser, category=category, description=description)
            event_days: list[float] = []
            for action, text, day in steps:
                before = complaint.events.count()
                if action == "assign":
                    complaint = services.assign_complaint(complaint, by=manager, handler=manager)
                elif action == "start":
                    complaint = services.start_complaint(complaint, by=manager, note=text)
                elif action == "refer":
                    complaint = services.refer_complaint(complaint, by=manager, referred_to=text)
                elif action == "resolve":
                    complaint = services.resolve_complaint(complaint, by=manager, note=text)
                elif action == "close":
                    complaint = services.close_complaint(complaint, by=manager, note=text)
                event_days += [day] * (complaint.events.count() - before)
            _backdate(complaint, raised_days_ago=days_ago, event_days=event_days)
        except ComplaintError as exc:
            if stdout:
                stdout.write(f"complaints: stopped a demo story ({exc})")
            continue
        made += 1
    if stdout:
        stdout.write(f"complaints: {made} demo complaints")
