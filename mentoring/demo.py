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

from incubator.demo_scale import dated_as_given
from incubator.models import CompanionAssignment
from mentoring import demo_lines, services, visits
from mentoring.models import Conversation, FieldVisit, MentoringSession, Message, ReadMarker

MENTOR_EMAIL = "mentor@tumbuh.test"
NAMESPACE = uuid.UUID("6f1d7a52-4c1e-4f5a-9a39-3f2b8f0c7d11")


def _demo_photo(index: int) -> SimpleUploadedFile:
    """A plain generated picture standing in for a phone photo (the demo ships no real photos)."""
    out = BytesIO()
    Image.new("RGB", (800, 600), (190 - 30 * index, 140, 60 + 40 * index)).save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"kunjungan-{index}.jpg", out.getvalue(), content_type="image/jpeg")


def _seed_visits(assignment: CompanionAssignment, *, order: int) -> int:
    """The family's social companion visits it in its own village (``demo_lines.visit_plans``: what
    they saw there and at home, one to three visits over the past months). Once per family."""
    profile = assignment.profile
    if FieldVisit.objects.filter(profile=profile, companion=assignment.companion).exists():
        return 0
    district = profile.district.name if profile.district_id else "Coblong"
    village = profile.village or district
    today = timezone.localdate()
    plans = demo_lines.visit_plans(profile, assignment.companion)
    # A demo pair has worked together for a while: its visits must not predate the assignment.
    earliest = timezone.now() - datetime.timedelta(days=max(p.days_ago for p in plans) + 1)
    CompanionAssignment.objects.filter(pk=assignment.pk, started_at__gt=earliest).update(started_at=earliest)
    for index, plan in enumerate(plans):
        date = today - datetime.timedelta(days=plan.days_ago)
        visit = visits.log_visit(
            profile,
            by=assignment.companion,
            data=visits.VisitInput(date, plan.purpose, district, village, plan.summary, plan.internal),
            follow_ups=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in plan.items
            ],
            photos=[_demo_photo((order + index) % 5)] if plan.photo else [],
        )
        for item, (_text, _due, done) in zip(visit.action_items.order_by("pk"), plan.items, strict=True):
            if done:
                services.set_action_item_done(item, by=profile.user, done=True)
    return len(plans)


def _client_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@transaction.atomic
def _seed_chat(conversation: Conversation) -> int:
    """The family's own conversation (``demo_lines.chat_script``), ending a few hours to days ago;
    the mentor's last two messages stay unread by the entrepreneur. Once per conversation."""
    if conversation.messages.exists():
        return 0
    entrepreneur = conversation.profile.user
    script = demo_lines.chat_script(conversation.profile, conversation.companion)
    # The chat began some days ago (at local midnight + each line's minutes) and ended before now.
    rng = demo_lines.rng_for(conversation.profile, "chat-end")
    now = timezone.now()
    days = script[-1].minutes // demo_lines.DAY_MINUTES + rng.randint(0, 2)
    first_day = timezone.localdate(now) - datetime.timedelta(days=days)
    start = datetime.datetime.combine(first_day, datetime.time(0), tzinfo=timezone.get_current_timezone())
    if start + datetime.timedelta(minutes=script[-1].minutes) > now:
        start -= datetime.timedelta(days=1)
    # Numbered like send_message does: the next seq under the conversation's row lock.
    seq = Conversation.objects.select_for_update().values_list("last_seq", flat=True).get(pk=conversation.pk)
    messages = [
        Message(
            conversation=conversation,
            sender=entrepreneur if line.from_entrepreneur else conversation.companion,
            client_id=_client_id("chat", conversation.pk, index),
            body=line.text,
            seq=seq + index + 1,
            created_at=start + datetime.timedelta(minutes=line.minutes),
        )
        for index, line in enumerate(script)
    ]
    with dated_as_given(Message):  # one insert, each message at its own time
        messages = Message.objects.bulk_create(messages)
    seq += len(messages)
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
    return len(script)


def _seed_sessions(conversation: Conversation) -> int:
    """The business mentor's sessions with the family (``demo_lines.session_plans``). Once."""
    profile = conversation.profile
    if MentoringSession.objects.filter(profile=profile, companion=conversation.companion).exists():
        return 0
    today = timezone.localdate()
    started = (
        CompanionAssignment.objects.filter(profile=profile, companion=conversation.companion)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    plans = demo_lines.session_plans(profile, conversation.companion)
    for plan in plans:
        date = today - datetime.timedelta(days=plan.days_ago)
        if started is not None:  # never before the pair began working together
            date = min(max(date, timezone.localdate(started)), today)
        session = services.log_session(
            profile,
            by=conversation.companion,
            date=date,
            mode=plan.mode,
            topics=plan.topics,
            notes=plan.notes,
            action_items=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in plan.items
            ],
        )
        for item, (_text, _due, done) in zip(session.action_items.order_by("pk"), plan.items, strict=True):
            if done:
                services.set_action_item_done(item, by=profile.user, done=True)
    return len(plans)


MENTORS = (MENTOR_EMAIL, "mentor.klaten@tumbuh.test")
SOCIAL_COMPANIONS = ("tksk@tumbuh.test", "psm@tumbuh.test")


def seed(*, people: dict, stdout=None) -> None:
    """Chat and sessions with both demo business mentors' families; field visits by the social
    companions (TKSK, PSM), each family in its own village."""
    current = CompanionAssignment.objects.filter(ended_at__isnull=True).select_related(
        "profile__user", "profile__district", "companion"
    )
    mentoring = current.filter(companion__email__in=MENTORS).order_by("profile_id")
    social = current.filter(companion__email__in=SOCIAL_COMPANIONS).order_by("profile_id")
    if not mentoring.exists():
        if stdout:
            stdout.write(
                "mentoring: no current assignments of the demo mentor yet; skipped chat and sessions"
            )
        return
    messages = sessions = field_visits = 0
    for assignment in mentoring:
        services.on_companion_assigned(assignment)
        conversation = Conversation.objects.select_related("profile__user", "companion").get(
            profile=assignment.profile, companion=assignment.companion
        )
        messages += _seed_chat(conversation)
        sessions += _seed_sessions(conversation)
    for order, assignment in enumerate(social):
        field_visits += _seed_visits(assignment, order=order)
    if stdout:
        stdout.write(
            f"mentoring: {mentoring.count()} conversations, {messages} new messages, {sessions} new sessions,"
            f" {field_visits} new field visits"
        )
