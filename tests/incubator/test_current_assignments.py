"""One spelling of "current companion": ``CompanionAssignment.objects.current()`` and ``is_current_companion``."""

from __future__ import annotations

from incubator import services
from incubator.models import CompanionAssignment, CompanionRole
from incubator.selectors import is_current_companion


def test_current_leaves_out_ended_assignments_also_on_related_managers(world):
    assignment = CompanionAssignment.objects.get(
        profile=world.profile, role=CompanionRole.MENTOR, ended_at=None
    )
    assert set(world.profile.assignments.current()) == set(
        CompanionAssignment.objects.filter(profile=world.profile, ended_at__isnull=True)
    )
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    assert assignment not in CompanionAssignment.objects.current()
    assert assignment not in world.profile.assignments.current()
    assert assignment in CompanionAssignment.objects.all()


def test_is_current_companion_checks_the_pair_the_role_and_the_end(world, django_user_model):
    assert is_current_companion(world.profile, user=world.mentor)
    assert is_current_companion(world.profile, user=world.mentor, role=CompanionRole.MENTOR)
    assert not is_current_companion(world.profile, user=world.mentor, role=CompanionRole.SOCIAL)
    assert not is_current_companion(world.profile, user=world.entrepreneur)
    assert not is_current_companion(world.profile, user=None)
    assignment = world.profile.assignments.current().get(companion=world.mentor)
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    assert not is_current_companion(world.profile, user=world.mentor)
