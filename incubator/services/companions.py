"""Business mentors and social companions: assignment with capacity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.services import create_staff_member
from incubator.errors import (
    AssignmentError,
    NotAllowed,
)
from incubator.models import (
    CompanionAssignment,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    MentorProfile,
    Region,
)
from incubator.scope import scope_for
from incubator.services._common import (
    bump_dashboard,
    current_assignments,
    notify,
    outside_area_message,
    require_manager,
    require_manager_for,
    required_text,
)
from incubator.signals import assignment_changed


def _role_matches(kind: str, role: str) -> bool:
    return (kind == CompanionKind.BUSINESS_MENTOR) == (role == CompanionRole.MENTOR)


@transaction.atomic
def assign_companion(
    profile: EntrepreneurProfile, companion: User, *, role: str, by: User
) -> CompanionAssignment:
    """Make ``companion`` the entrepreneur's current business mentor or social companion.

    Managers only. The companion must be an active Mentor whose profile kind fits the role
    (business mentor ↔ mentor; TKSK/PSM/PKH/Karang Taruna ↔ social) and below capacity (counted
    under a lock on their MentorProfile). Ends the previous companion of that role. Assigning the
    current companion again returns their assignment unchanged (a double-submitted form).
    """
    require_manager(by)
    if role not in CompanionRole.values:
        raise AssignmentError(_("Unknown companion role."))
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    require_manager_for(by, profile)
    if not scope_for(by).contains_companion(companion):
        raise NotAllowed(outside_area_message(by))
    return _assign(profile, companion, role=role, by=by)


MAX_BULK_ASSIGN = 500


@transaction.atomic
def assign_companion_to_many(
    profiles: list[EntrepreneurProfile], companion: User, *, role: str, by: User
) -> list[CompanionAssignment]:
    """Make ``companion`` the ``role`` companion of every family of ``profiles`` (a bulk assignment).

    All or nothing: the manager must hold every family's area and the companion's; the families
    (locked, in id order) that do not have this companion yet must fit in the places the companion
    has left (counted under the lock on their MentorProfile), else nothing is written and the
    message says how many places are left. Each family then goes through the same path as
    ``assign_companion`` (the previous companion of that role ends, history, notifications).
    """
    require_manager(by)
    if role not in CompanionRole.values:
        raise AssignmentError(_("Unknown companion role."))
    ids = sorted({p.pk for p in profiles})
    if not ids:
        raise AssignmentError(_("Select at least one participant."))
    if len(ids) > MAX_BULK_ASSIGN:
        raise AssignmentError(_("Assign at most %(n)d participants at a time.") % {"n": MAX_BULK_ASSIGN})
    locked = list(
        EntrepreneurProfile.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    )
    scope = scope_for(by)
    if len(locked) != len(ids) or not all(scope.contains_profile(p) for p in locked):
        raise NotAllowed(outside_area_message(by))
    if not scope.contains_companion(companion):
        raise NotAllowed(outside_area_message(by))
    mentor_profile = active_companion_profile(companion)
    if mentor_profile is None:
        raise AssignmentError(_("%(name)s is not an active companion.") % {"name": companion})
    already = set(
        CompanionAssignment.objects.current()
        .filter(profile_id__in=ids, companion=companion, role=role)
        .values_list("profile_id", flat=True)
    )
    needed = len(ids) - len(already)
    load = CompanionAssignment.objects.current().filter(companion=companion).count()
    left = max(0, mentor_profile.capacity - load)
    if needed > left:
        raise AssignmentError(
            _(
                "%(name)s has %(left)d places left (capacity %(capacity)d) but %(needed)d of the selected "
                "participants would need one. Nothing was assigned."
            )
            % {"name": companion, "left": left, "capacity": mentor_profile.capacity, "needed": needed}
        )
    return [_assign(profile, companion, role=role, by=by) for profile in locked]


def companion_regions(
    chosen: Iterable[Region], *, by: User | None, profile: MentorProfile | None = None
) -> list[Region]:
    """The regions a companion profile holds after ``by`` chose ``chosen`` (a read; no write).

    A regional manager names at least one region of their area (or the companion would vanish from
    their lists) and keeps the profile's regions elsewhere, which they cannot see. A national
    manager's choice stands as it is. Raises AssignmentError when a regional manager chose none.
    """
    regions = list(chosen)
    scope = scope_for(by) if by is not None else None
    if scope is None or scope.national:
        return regions
    if not regions:
        raise AssignmentError(_("Choose at least one region of your area."))
    if profile is not None and profile.pk:
        regions += list(profile.regions.exclude(scope.region_q()))
    return regions


@transaction.atomic
def add_companion(
    *, email: str, full_name: str, regions: Iterable[Region], by: User, **fields: Any
) -> MentorProfile:
    """A new companion: their staff account (Mentor role, no password: they sign in by email or
    phone) and their profile (``fields``: kind, organisation, sectors, expertise, capacity, is_active),
    recorded in Wagtail's log (the record's History page) as the admin's create view did.

    ``regions`` follow ``companion_regions``. Raises AssignmentError (no region for a regional manager).
    """
    regions = companion_regions(regions, by=by)
    user = create_staff_member(email=email, full_name=full_name, role=roles.MENTOR)
    profile = MentorProfile(user=user, **fields)
    profile.full_clean()
    profile.save()
    profile.regions.set(regions)
    from wagtail.log_actions import log

    log(instance=profile, action="wagtail.create", user=by, content_changed=True)
    return profile


@transaction.atomic
def update_companion(
    profile: MentorProfile, *, regions: Iterable[Region], by: User, **fields: Any
) -> MentorProfile:
    """Change a companion's profile (``fields`` as in ``add_companion``); their account is changed in
    the user admin. ``regions`` follow ``companion_regions`` (a regional manager keeps the rest)."""
    from wagtail.log_actions import log

    profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    regions = companion_regions(regions, by=by, profile=profile)
    before = {name: getattr(profile, name) for name in fields}, set(profile.regions.all())
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    profile.regions.set(regions)
    changed = before != ({name: getattr(profile, name) for name in fields}, set(regions))
    log(instance=profile, action="wagtail.edit", user=by, content_changed=changed)
    # Their families' dashboards show the companion's card.
    bump_dashboard(
        CompanionAssignment.objects.current()
        .filter(companion_id=profile.user_id)
        .values_list("profile_id", flat=True)
    )
    return profile


def active_companion_profile(user: User) -> MentorProfile | None:
    """``user``'s MentorProfile, locked (their capacity holds under concurrent assignments), or
    None when they are not an active companion (Mentor group and an active MentorProfile)."""
    if not roles.is_mentor(user):
        return None
    return MentorProfile.objects.select_for_update().filter(user=user, is_active=True).first()


def _assign(profile: EntrepreneurProfile, companion: User, *, role: str, by: User) -> CompanionAssignment:
    """Make ``companion`` the current ``role`` companion of ``profile``; the caller has checked who acts.

    Shared by ``assign_companion`` (a manager) and ``register_assisted_entrepreneur`` (the
    companion registering someone, ``by == companion``). Locks the companion's MentorProfile,
    checks it is active, fits the role and is below capacity, ends the previous companion of that
    role, and sends ``assignment_changed`` (mentoring opens the conversation). Assigning the current companion again returns
    their assignment unchanged.
    """
    mentor_profile = active_companion_profile(companion)
    if mentor_profile is None:
        raise AssignmentError(_("%(name)s is not an active companion.") % {"name": companion})
    if not _role_matches(mentor_profile.kind, role):
        raise AssignmentError(
            _("%(name)s is a %(kind)s and cannot be assigned as %(role)s.")
            % {
                "name": companion,
                "kind": mentor_profile.get_kind_display(),
                "role": CompanionRole(role).label,
            }
        )
    previous = current_assignments(profile, role).select_for_update().first()
    if previous is not None and previous.companion_id == companion.pk:
        return previous
    current_load = CompanionAssignment.objects.current().filter(companion=companion).count()
    if current_load >= mentor_profile.capacity:
        if by.pk == companion.pk:
            raise AssignmentError(
                _("You already accompany %(n)d entrepreneurs, your full capacity. Ask your program manager.")
                % {"n": current_load}
            )
        raise AssignmentError(
            _("%(name)s already accompanies %(n)d entrepreneurs, their full capacity.")
            % {"name": companion, "n": current_load}
        )
    now = timezone.now()
    if previous is not None:
        previous.ended_at = now
        previous.end_reason = _("Replaced by %(name)s") % {"name": companion}
        previous.save(update_fields=["ended_at", "end_reason", "updated_at"])
    assignment = CompanionAssignment.objects.create(
        profile=profile, companion=companion, role=role, started_at=now, assigned_by=by
    )
    assignment_changed.send(CompanionAssignment, assignment=assignment, ended=False, previous=previous)
    bump_dashboard([profile])
    if by.pk != companion.pk:
        notify(companion.pk, "incubator.assigned", profile=profile.pk, business=profile.business_name)
    notify(profile.user_id, "incubator.companion", role=role, companion=str(companion))
    if previous is not None:
        notify(previous.companion_id, "incubator.unassigned", profile=profile.pk)
    return assignment


@transaction.atomic
def end_assignment(assignment: CompanionAssignment, *, by: User, reason: str) -> CompanionAssignment:
    """End a current assignment (managers only; a reason is required)."""
    assignment = (
        CompanionAssignment.objects.select_for_update().select_related("profile").get(pk=assignment.pk)
    )
    require_manager_for(by, assignment.profile)
    reason = required_text(reason, AssignmentError, _("Please give a reason for ending the assignment."))
    if assignment.ended_at is not None:
        raise AssignmentError(_("This assignment has already ended."))
    assignment.ended_at = timezone.now()
    assignment.end_reason = reason[:200]
    assignment.save(update_fields=["ended_at", "end_reason", "updated_at"])
    assignment_changed.send(CompanionAssignment, assignment=assignment, ended=True, previous=None)
    bump_dashboard([assignment.profile_id])
    notify(assignment.companion_id, "incubator.unassigned", profile=assignment.profile_id)
    return assignment
