"""Demo chat history and mentoring sessions for the demo mentor's entrepreneurs. Idempotent.

Runs after ``incubator.demo.seed`` (which makes the profiles and assignments); without
assignments it says so and does nothing.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from incubator.models import CompanionAssignment
from mentoring import services
from mentoring.models import Conversation, MentoringSession, Message, ReadMarker

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


def _client_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@transaction.atomic
def _seed_chat(conversation: Conversation) -> int:
    """The scripted history, dated over the past week; the last two stay unread by the entrepreneur."""
    entrepreneur = conversation.profile.user
    first_name = (entrepreneur.full_name or entrepreneur.get_username()).split()[0]
    start = timezone.now() - datetime.timedelta(days=7)
    created = 0
    for index, (from_entrepreneur, minutes, text) in enumerate(SCRIPT):
        sender = entrepreneur if from_entrepreneur else conversation.companion
        message, made = Message.objects.get_or_create(
            sender=sender,
            client_id=_client_id("chat", conversation.pk, index),
            defaults={"conversation": conversation, "body": text.format(name=first_name)},
        )
        if made:
            Message.objects.filter(pk=message.pk).update(
                created_at=start + datetime.timedelta(minutes=minutes)
            )
            created += 1
    messages = list(conversation.messages.order_by("pk"))
    last = messages[-1]
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=last, last_message_at=last.created_at, message_count=len(messages)
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
    messages = sessions = 0
    for assignment in assignments:
        services.on_companion_assigned(assignment)
        conversation = Conversation.objects.select_related("profile__user", "companion").get(
            profile=assignment.profile, companion=assignment.companion
        )
        messages += _seed_chat(conversation)
        sessions += _seed_sessions(conversation)
    if stdout:
        stdout.write(
            f"mentoring: {assignments.count()} conversations, {messages} new messages, {sessions} new sessions"
        )
