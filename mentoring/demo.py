"""Demo chat history, mentoring sessions and field visits for the demo mentor's entrepreneurs. Idempotent.

Runs after ``incubator.demo.seed`` (which makes the profiles and assignments); without
assignments it says so and does nothing.
"""

from __future__ import annotations

import datetime
import uuid
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from incubator.models import CompanionAssignment
from mentoring import services, visits
from mentoring.models import Conversation, FieldVisit, MentoringSession, Message, ReadMarker

MENTOR_EMAIL = "mentor@tumbuh.test"
NAMESPACE = uuid.UUID("6f1d7a52-4c1e-4f5a-9a39-3f2b8f0c7d11")

# (from the entrepreneur?, minutes after the first message, text)
SCRIPT = [
    (True, 0, "Selamat pagi Pak Agus. Saya mau tanya soal pencatatan penjualan."),
    (
        False,
        14,
        "Pagi {name}. Boleh, mulai dari yang paling sederhana saja: satu buku, tiap hari tulis uang masuk dan keluar.",
    ),
    (True, 22, "Kalau belanja bahan untuk dapur rumah juga dicatat?"),
    (
        False,
        31,
        "Jangan dicampur, {name}. Uang usaha dan uang rumah tangga dipisah, itu kunci supaya tahu untung yang sebenarnya.",
    ),
    (True, 60 * 24, "Sudah saya coba seminggu. Ternyata keuntungan lebih kecil dari yang saya kira."),
    (
        False,
        60 * 24 + 45,
        "Bagus sekali sudah mencatat! Coba hitung HPP per porsi, nanti kita lihat harga jualnya bersama.",
    ),
    (True, 60 * 24 * 3, "HPP nasi uduk saya Rp 6.500, saya jual Rp 8.000. Apa terlalu murah?"),
    (
        False,
        60 * 24 * 3 + 20,
        "Margin Rp 1.500 tipis, {name}. Kita bahas waktu kunjungan Kamis ya, bawa buku catatannya.",
    ),
    (False, 60 * 24 * 5, "{name}, jangan lupa foto etalase untuk katalog WhatsApp Business."),
    (False, 60 * 24 * 5 + 2, "Pakai cahaya dari jendela saja, tidak perlu lampu."),
]
# C9: conversations must not all end with the same message at the same minute. The last line varies
# by conversation, and each conversation starts at its own hour.
CLOSINGS = [
    "Pakai cahaya dari jendela saja, tidak perlu lampu.",
    "Kalau sudah difoto, kirim ke sini ya, nanti kita pilih yang paling bagus.",
    "Saya tunggu kabar penjualan minggu ini.",
]
OFFSET_MINUTES = 97  # between the starts of two conversations

SESSIONS = [
    (
        12,
        "visit",
        "Pembukuan sederhana dan pemisahan uang usaha",
        "Buku kas sudah ada tetapi belum rutin diisi. Kami sepakat mencatat setiap sore setelah tutup warung.",
        [
            ("Catat penjualan dan belanja setiap hari selama sebulan", 18, True),
            ("Buka rekening tabungan usaha", 30, False),
        ],
    ),
    (
        4,
        "phone",
        "Menghitung HPP dan harga jual",
        "HPP nasi uduk dihitung bersama: Rp 6.500 per porsi. Harga jual akan dinaikkan bertahap.",
        [("Coba harga Rp 9.000 selama dua minggu dan catat jumlah pembeli", 14, False)],
    ),
]


# (days ago, purpose, village, summary for the entrepreneur, internal notes, follow-ups, with a photo?)
VISITS = [
    (
        20,
        "monitoring",
        "Dago",
        "Warung buka setiap hari. Stok bahan cukup untuk seminggu. Etalase perlu ditata agar produk terlihat.",
        "Usaha dijalankan bersama anak sulung. Belum ada kendala keluarga yang perlu dirujuk.",
        [("Tata ulang etalase dan beri label harga", 10, True)],
        True,
    ),
    (
        9,
        "evidence_check",
        "Dago",
        "Buku kas sudah diisi tiga minggu berturut-turut. Bukti sudah difoto untuk tahapan pembukuan sederhana.",
        "Catatan rumah tangga masih tercampur di halaman belakang buku; sudah diingatkan.",
        [("Pisahkan catatan rumah tangga ke buku lain", 14, False)],
        False,
    ),
]


def _demo_photo(index: int) -> SimpleUploadedFile:
    """A plain generated picture standing in for a phone photo (the demo ships no real photos)."""
    out = BytesIO()
    Image.new("RGB", (800, 600), (190 - 30 * index, 140, 60 + 40 * index)).save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"kunjungan-{index}.jpg", out.getvalue(), content_type="image/jpeg")


def _seed_visits(conversation: Conversation) -> int:
    profile = conversation.profile
    district = profile.district.name if profile.district_id else "Coblong"
    today = timezone.localdate()
    # A demo pair has worked together for a while: its visits must not predate the assignment.
    earliest = timezone.now() - datetime.timedelta(days=max(row[0] for row in VISITS) + 1)
    CompanionAssignment.objects.filter(
        profile=profile, companion=conversation.companion, ended_at=None, started_at__gt=earliest
    ).update(started_at=earliest)
    created = 0
    for index, (days_ago, purpose, village, summary, internal, items, photo) in enumerate(VISITS):
        date = today - datetime.timedelta(days=days_ago)
        if FieldVisit.objects.filter(profile=profile, date=date, purpose=purpose).exists():
            continue
        visit = visits.log_visit(
            profile,
            by=conversation.companion,
            data=visits.VisitInput(date, purpose, district, village, summary, internal),
            follow_ups=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in items
            ],
            photos=[_demo_photo(index)] if photo else [],
        )
        for item, (_text, _due, done) in zip(visit.action_items.order_by("pk"), items, strict=True):
            if done:
                services.set_action_item_done(item, by=profile.user, done=True)
        created += 1
    return created


def _client_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@transaction.atomic
def _seed_chat(conversation: Conversation, variant: int = 0) -> int:
    """The scripted history, dated over the past week; the last two stay unread by the entrepreneur.

    ``variant`` (the conversation's place among the mentor's) shifts the start and picks the closing line.
    """
    entrepreneur = conversation.profile.user
    first_name = (entrepreneur.full_name or entrepreneur.get_username()).split()[0]
    start = timezone.now() - datetime.timedelta(days=7, minutes=variant * OFFSET_MINUTES)
    script = [*SCRIPT[:-1], (*SCRIPT[-1][:2], CLOSINGS[variant % len(CLOSINGS)])]
    created = 0
    # Numbered like send_message does: the next seq under the conversation's row lock.
    seq = Conversation.objects.select_for_update().values_list("last_seq", flat=True).get(pk=conversation.pk)
    for index, (from_entrepreneur, minutes, text) in enumerate(script):
        sender = entrepreneur if from_entrepreneur else conversation.companion
        message, made = Message.objects.get_or_create(
            sender=sender,
            client_id=_client_id("chat", conversation.pk, index),
            defaults={"conversation": conversation, "body": text.format(name=first_name), "seq": seq + 1},
        )
        if made:
            seq += 1
            Message.objects.filter(pk=message.pk).update(
                created_at=start + datetime.timedelta(minutes=minutes)
            )
            created += 1
    messages = list(conversation.messages.order_by("pk"))
    last = messages[-1]
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=last, last_message_at=last.created_at, message_count=len(messages), last_seq=seq
    )
    ReadMarker.objects.update_or_create(
        conversation=conversation, user=entrepreneur, defaults={"last_read_id": messages[-3].pk}
    )
    ReadMarker.objects.update_or_create(
        conversation=conversation, user=conversation.companion, defaults={"last_read_id": last.pk}
    )
    return created


def _seed_sessions(conversation: Conversation) -> int:
    created = 0
    today = timezone.localdate()
    for days_ago, mode, topics, notes, items in SESSIONS:
        date = today - datetime.timedelta(days=days_ago)
        if MentoringSession.objects.filter(profile=conversation.profile, date=date, topics=topics).exists():
            continue
        session = services.log_session(
            conversation.profile,
            by=conversation.companion,
            date=date,
            mode=mode,
            topics=topics,
            notes=notes,
            action_items=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in items
            ],
        )
        for item, (_text, _due, done) in zip(session.action_items.order_by("pk"), items, strict=True):
            if done:
                services.set_action_item_done(item, by=conversation.profile.user, done=True)
        created += 1
    return created


def seed(*, people: dict, stdout=None) -> None:
    mentor = people.get(MENTOR_EMAIL)
    assignments = CompanionAssignment.objects.filter(companion=mentor, ended_at__isnull=True).select_related(
        "profile__user", "companion"
    )
    if mentor is None or not assignments.exists():
        if stdout:
            stdout.write(
                "mentoring: no current assignments of the demo mentor yet; skipped chat and sessions"
            )
        return
    messages = sessions = field_visits = 0
    for variant, assignment in enumerate(assignments.order_by("pk")):
        services.on_companion_assigned(assignment)
        conversation = Conversation.objects.select_related("profile__user", "companion").get(
            profile=assignment.profile, companion=assignment.companion
        )
        messages += _seed_chat(conversation, variant)
        sessions += _seed_sessions(conversation)
        field_visits += _seed_visits(conversation)
    if stdout:
        stdout.write(
            f"mentoring: {assignments.count()} conversations, {messages} new messages, {sessions} new sessions,"
            f" {field_visits} new field visits"
        )
