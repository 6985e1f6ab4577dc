"""Sessions and field visits log a contact through one helper (issue 12): ``lock_contact`` locks
the pair's current assignment and finds a row already stored under a key; ``add_contact_details``
stores follow-ups and photos the same way for both."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone, translation

from mentoring import services
from mentoring.models import ActionItem, FieldVisit, MentoringSession
from mentoring.services import ActionItemInput, MentoringError, add_contact_details, lock_contact
from mentoring.visits import VisitInput, log_visit
from tests.incubator.factories import MentorProfileFactory
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db


def visit(pair, key: uuid.UUID) -> FieldVisit:
    data = VisitInput(
        visited_on=timezone.localdate(),
        purpose="monitoring",
        district="Cicendo",
        village="Pasirkaliki",
        summary="Etalase sudah rapi.",
        internal_notes="",
    )
    return log_visit(pair.profile, by=pair.mentor, data=data, client_key=key)


def test_lock_contact_returns_the_current_assignment_and_no_row_for_a_new_key():
    pair = make_pair()
    assignment, existing = lock_contact(
        FieldVisit, profile=pair.profile, by=pair.mentor, client_key=uuid.uuid4()
    )
    assert assignment is not None and assignment.companion_id == pair.mentor.pk
    assert existing is None


def test_lock_contact_finds_the_row_stored_under_the_key():
    pair = make_pair()
    key = uuid.uuid4()
    stored = visit(pair, key)
    _, existing = lock_contact(FieldVisit, profile=pair.profile, by=pair.mentor, client_key=key)
    assert existing == stored


def test_lock_contact_refuses_a_key_used_by_another_companion():
    pair = make_pair()
    key = uuid.uuid4()
    visit(pair, key)
    stranger = MentorProfileFactory().user
    with translation.override("en"), pytest.raises(MentoringError, match="already used"):
        lock_contact(FieldVisit, profile=pair.profile, by=stranger, client_key=key)


def test_lock_contact_gives_no_assignment_to_someone_who_does_not_accompany():
    pair = make_pair()
    assignment, _ = lock_contact(MentoringSession, profile=pair.profile, by=MentorProfileFactory().user)
    assert assignment is None


def test_a_session_cuts_follow_ups_to_the_columns_length_as_a_visit_does():
    pair = make_pair()
    session = services.log_session(
        pair.profile,
        by=pair.mentor,
        date=timezone.localdate(),
        mode="chat",
        topics="Harga jual",
        action_items=[ActionItemInput(text="x" * 400), ActionItemInput(text="   ")],
    )
    assert [len(item.text) for item in ActionItem.objects.filter(session=session)] == [300]


def test_add_contact_details_skips_empty_follow_ups():
    pair = make_pair()
    key = uuid.uuid4()
    stored = visit(pair, key)
    add_contact_details(stored, action_items=[ActionItemInput(text=" Catat kas "), ActionItemInput(text="")])
    assert list(stored.action_items.values_list("text", flat=True)) == ["Catat kas"]
