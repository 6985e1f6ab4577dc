"""Mentoring rules called directly: the assignment hook, send_message's guarantees, sessions, the demo."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from incubator import services as incubator_services
from incubator.models import CompanionRole
from mentoring import demo, selectors, services
from mentoring.models import ActionItem, Conversation, MentoringSession, Message, ReadMarker
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    SocialCompanionProfileFactory,
)
from tests.mentoring.factories import MessageFactory, make_pair

pytestmark = pytest.mark.django_db


def test_assignment_opens_a_conversation_and_reassignment_closes_the_old_one(pair):
    assert pair.conversation.is_open
    newcomer = MentorProfileFactory().user
    incubator_services.assign_companion(pair.profile, newcomer, role=CompanionRole.MENTOR, by=pair.manager)
    new = Conversation.objects.get(profile=pair.profile, companion=newcomer)
    assert new.is_open
    assert not Conversation.objects.get(pk=pair.conversation.pk).is_open
    assert selectors.can_read(pair.conversation, user=pair.mentor)
    assert not selectors.can_write(pair.conversation, user=pair.mentor)
    assert set(ReadMarker.objects.filter(conversation=new).values_list("user_id", flat=True)) == {
        pair.entrepreneur.pk,
        newcomer.pk,
    }


def test_reassigning_back_reopens_the_same_conversation(pair):
    incubator_services.assign_companion(
        pair.profile, MentorProfileFactory().user, role=CompanionRole.MENTOR, by=pair.manager
    )
    incubator_services.assign_companion(pair.profile, pair.mentor, role=CompanionRole.MENTOR, by=pair.manager)
    assert Conversation.objects.filter(profile=pair.profile, companion=pair.mentor).count() == 1
    assert Conversation.objects.get(pk=pair.conversation.pk).is_open


def test_send_message_broadcasts_only_after_commit(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message, created = services.send_message(
            pair.conversation, sender=pair.mentor, body="Sudah makan?", client_id=uuid.uuid4()
        )
    assert created
    # one broadcast to the conversation, one push to the entrepreneur's notification stream
    assert len(callbacks) == 2
    conversation = Conversation.objects.get(pk=pair.conversation.pk)
    assert (conversation.last_message_id, conversation.message_count) == (message.pk, 1)
    assert selectors.unread_total(user_id=pair.entrepreneur.pk) == 1
    assert selectors.unread_total(user_id=pair.mentor.pk) == 0


def test_a_retry_returns_the_original_and_schedules_nothing(pair, django_capture_on_commit_callbacks):
    client_id = uuid.uuid4()
    first, _ = services.send_message(pair.conversation, sender=pair.mentor, body="Halo", client_id=client_id)
    with django_capture_on_commit_callbacks() as callbacks:
        again, created = services.send_message(
            pair.conversation, sender=pair.mentor, body="Halo (ulang)", client_id=client_id
        )
    assert (again.pk, created, callbacks) == (first.pk, False, [])
    assert Message.objects.get().body == "Halo"


def test_a_client_id_reused_in_another_conversation_is_refused(pair):
    other = make_pair(mentor=pair.mentor)
    client_id = uuid.uuid4()
    services.send_message(pair.conversation, sender=pair.mentor, body="Satu", client_id=client_id)
    with pytest.raises(services.MentoringError) as error:
        services.send_message(other.conversation, sender=pair.mentor, body="Dua", client_id=client_id)
    assert error.value.code == "invalid"
    assert Message.objects.count() == 1


def test_a_stranger_cannot_send_even_with_a_valid_frame(pair):
    stranger = EntrepreneurProfileFactory().user
    with pytest.raises(services.Forbidden):
        services.send_message(pair.conversation, sender=stranger, body="Halo", client_id=uuid.uuid4())
    assert not Message.objects.exists()


def test_unread_total_counts_only_others_messages_after_the_marker(pair):
    mine = MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur)
    theirs = MessageFactory.create_batch(3, conversation=pair.conversation, sender=pair.mentor)
    assert selectors.unread_total(user_id=pair.entrepreneur.pk) == 3
    services.mark_read(pair.conversation, user=pair.entrepreneur, up_to=theirs[0].pk)
    assert selectors.unread_total(user_id=pair.entrepreneur.pk) == 2
    assert mine.pk < theirs[0].pk


def test_log_session_is_for_current_companions_only(pair):
    with pytest.raises(services.Forbidden):
        services.log_session(
            pair.profile,
            by=MentorProfileFactory().user,
            date=timezone.localdate(),
            mode="chat",
            topics="Stok",
        )
    with pytest.raises(services.MentoringError):
        services.log_session(
            pair.profile, by=pair.mentor, date=timezone.localdate(), mode="dance", topics="Stok"
        )
    assert not MentoringSession.objects.exists()


def test_visit_photos_are_stored_without_exif(pair):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.mentoring.test_views import photo_with_gps

    session = services.log_session(
        pair.profile,
        by=pair.mentor,
        date=timezone.localdate(),
        mode="visit",
        topics="Tata letak warung",
        photos=[SimpleUploadedFile("a.jpg", photo_with_gps(), content_type="image/jpeg")],
    )
    photo = session.photos.get()
    with photo.image.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()


def test_either_side_ticks_an_action_item_and_history_is_kept(pair):
    session = services.log_session(
        pair.profile,
        by=pair.mentor,
        date=timezone.localdate() - datetime.timedelta(days=1),
        mode="phone",
        topics="Harga jual",
        action_items=[services.ActionItemInput("Naikkan harga Rp 500")],
    )
    item = session.action_items.get()
    services.set_action_item_done(item, by=pair.entrepreneur, done=True)
    services.set_action_item_done(item, by=pair.entrepreneur, done=True)  # no change, no event
    services.set_action_item_done(item, by=pair.mentor, done=False)
    item.refresh_from_db()
    assert item.done_at is None
    assert [(e.done, e.actor) for e in item.events.all()] == [(True, pair.entrepreneur), (False, pair.mentor)]
    with pytest.raises(services.Forbidden):
        services.set_action_item_done(item, by=EntrepreneurProfileFactory().user, done=True)


def test_demo_seed_skips_without_assignments_and_is_idempotent(pair):
    people = accounts_demo.seed()
    out = io.StringIO()
    demo.seed(people=people, stdout=out)
    assert "skipped" in out.getvalue()

    mentor = people[demo.MENTOR_EMAIL]
    MentorProfileFactory(user=mentor)
    tksk = SocialCompanionProfileFactory(user__email="tksk@tumbuh.test").user
    for email, sector, village in (
        ("pemula@tumbuh.test", "trade", "Sekeloa"),
        ("berkembang@tumbuh.test", "food", "Pasteur"),
    ):
        profile = EntrepreneurProfileFactory(user=people[email], sector=sector, village=village)
        incubator_services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=pair.manager)
        incubator_services.assign_companion(profile, tksk, role=CompanionRole.SOCIAL, by=pair.manager)

    demo.seed(people=people, stdout=out)
    counts = (Message.objects.count(), MentoringSession.objects.count(), ActionItem.objects.count())
    demo.seed(people=people, stdout=out)
    assert (Message.objects.count(), MentoringSession.objects.count(), ActionItem.objects.count()) == counts
    # Field visits are sessions too (mentoring.models.FieldVisit), with their own follow-ups.
    # Each family's chat, sessions and visits are its own (mentoring.demo_lines), so are their sizes.
    from mentoring import demo_lines

    profiles = [
        people[email].entrepreneur_profile for email in ("pemula@tumbuh.test", "berkembang@tumbuh.test")
    ]
    scripts = sum(len(demo_lines.chat_script(p, mentor)) for p in profiles)
    sessions = [s for p in profiles for s in demo_lines.session_plans(p, mentor)]
    planned_visits = [v for p in profiles for v in demo_lines.visit_plans(p, tksk)]
    visits = len(planned_visits)
    items = sum(len(plan.items) for plan in [*sessions, *planned_visits])
    assert counts == (scripts, len(sessions) + visits, items)
    assert selectors.unread_total(user_id=people["pemula@tumbuh.test"].pk) == 2
    # C9: the demo conversations do not all end with the same message at the same minute.
    last = [
        c.last_message for c in Conversation.objects.filter(companion=mentor).select_related("last_message")
    ]
    assert len({m.body for m in last}) == 2
    assert len({m.created_at.replace(second=0, microsecond=0) for m in last}) == 2
    done = sum(done for plan in [*sessions, *planned_visits] for _text, _due, done in plan.items)
    assert ActionItem.objects.filter(done_at__isnull=False).count() == done
    # Each sector has its own conversation: no message is copied from one family to the other.
    bodies = [
        set(c.messages.values_list("body", flat=True)) for c in Conversation.objects.filter(companion=mentor)
    ]
    assert len(bodies) == 2 and not (bodies[0] & bodies[1])
    # The visits are the social companion's, in each family's own village, not copied between them.
    from mentoring.models import FieldVisit

    field_visits = FieldVisit.objects.select_related("profile")
    assert {v.companion_id for v in field_visits} == {tksk.pk}
    assert all(v.village == v.profile.village for v in field_visits)
    assert len({v.notes for v in field_visits}) == visits


def test_the_rate_limit_follows_the_setting(pair, settings):
    settings.TUMBUH_CHAT_RATE_LIMIT = (2, 60)
    for body in ("satu", "dua"):
        services.send_message(pair.conversation, sender=pair.mentor, body=body, client_id=uuid.uuid4())
    with pytest.raises(services.RateLimited):
        services.send_message(pair.conversation, sender=pair.mentor, body="tiga", client_id=uuid.uuid4())
    # the other person has their own allowance
    services.send_message(pair.conversation, sender=pair.entrepreneur, body="balas", client_id=uuid.uuid4())
    assert Message.objects.count() == 3
