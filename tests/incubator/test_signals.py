"""The incubator tells mentoring about assignments through a signal, never by importing it."""

from __future__ import annotations

from incubator import services
from incubator.models import CompanionAssignment, CompanionRole
from incubator.signals import assignment_changed
from mentoring.models import Conversation
from tests.incubator.factories import MentorProfileFactory


def _record(calls):
    def receiver(sender, **kwargs):
        calls.append((kwargs["assignment"].pk, kwargs["ended"], getattr(kwargs["previous"], "pk", None)))

    return receiver


def test_assigning_and_ending_send_assignment_changed(world):
    calls: list = []
    receiver = _record(calls)
    assignment_changed.connect(receiver)
    try:
        old = CompanionAssignment.objects.get(profile=world.profile, role=CompanionRole.MENTOR, ended_at=None)
        new_mentor = MentorProfileFactory().user
        assignment = services.assign_companion(
            world.profile, new_mentor, role=CompanionRole.MENTOR, by=world.manager
        )
        services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    finally:
        assignment_changed.disconnect(receiver)
    assert calls == [(assignment.pk, False, old.pk), (assignment.pk, True, None)]


def test_mentoring_opens_the_new_pairs_conversation_through_the_signal(world):
    new_mentor = MentorProfileFactory().user
    services.assign_companion(world.profile, new_mentor, role=CompanionRole.MENTOR, by=world.manager)
    assert Conversation.objects.filter(profile=world.profile, companion=new_mentor).exists()
