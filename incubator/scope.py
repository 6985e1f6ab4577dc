"""Regional scope: which part of the program a program manager may see and act on.

Every manager-facing list, report, export, chart and approval narrows its queryset with the
manager's :class:`Scope`, and every single-object view checks ``scope.contains_*`` before it
shows or changes anything (editing a URL must not reach another area)::

    scope = scope_for(request.user)
    profiles = EntrepreneurProfile.objects.filter(scope.profile_q())
    milestones = Milestone.objects.filter(scope.profile_q("profile__"))
    if not scope.contains_profile(profile):
        raise PermissionDenied

Superusers and managers whose :class:`~incubator.models.ManagerScope` has no region are
national. A user without a scope record has an empty scope (sees nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from incubator.models import ManagerScope, Region

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    region: Region | None = None
    national: bool = False

    @property
    def empty(self) -> bool:
        return not self.national and self.region is None

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.national:
            return gettext("National")
        return str(self.region) if self.region else gettext("No area")

    # Query fragments -------------------------------------------------------------------------
    def profile_q(self, prefix: str = "") -> Q:
        """Entrepreneur profiles (reached through ``prefix``, e.g. ``"profile__"``) in the area."""
        if self.national:
            return Q()
        if self.region is None:
            return NOTHING
        field = "province" if self.region.level == Region.Level.PROVINCE else "regency"
        return Q(**{f"{prefix}{field}_id": self.region.pk})

    def region_q(self, prefix: str = "") -> Q:
        """Regions (the ``Region`` at ``prefix``, e.g. ``"region__"``; empty for Region itself) in the area.

        A region is in the area when it is the area itself or lies below it (two levels at most).
        """
        if self.national:
            return Q()
        if self.region is None:
            return NOTHING
        pk = self.region.pk
        return (
            Q(**{f"{prefix}pk": pk})
            | Q(**{f"{prefix}parent_id": pk})
            | Q(**{f"{prefix}parent__parent_id": pk})
        )

    def cohort_q(self, prefix: str = "") -> Q:
        return self.region_q(f"{prefix}region__")

    def region_choices_q(self, *, with_ancestors: bool = False) -> Q:
        """Regions a manager may pick in a form: those in the area and, ``with_ancestors``, the
        province (and regency) above it, so a regency manager can still fill in a province field."""
        q = self.region_q()
        if with_ancestors and self.region is not None and not self.national:
            ancestors = [self.region.parent_id]
            if self.region.parent_id is not None:
                ancestors.append(self.region.parent.parent_id)
            q |= Q(pk__in=[pk for pk in ancestors if pk is not None])
        return q

    def companion_q(self, prefix: str = "") -> Q:
        """Companion profiles working in the area: one of their regions lies in it, or they
        currently accompany someone who lives in it. Use with ``.distinct()``."""
        if self.national:
            return Q()
        if self.region is None:
            return NOTHING
        from incubator.models import CompanionAssignment

        in_regions = self.region_q(f"{prefix}regions__")
        accompanying = Q(
            **{
                f"{prefix}user_id__in": CompanionAssignment.objects.filter(
                    self.profile_q("profile__"), ended_at__isnull=True
                ).values("companion_id")
            }
        )
        return in_regions | accompanying

    # Single objects ----------------------------------------------------------------------------
    def contains_region(self, region: Region | None) -> bool:
        if self.national:
            return True
        if self.region is None or region is None:
            return False
        node, depth = region, 0
        while node is not None and depth < 3:
            if node.pk == self.region.pk:
                return True
            node, depth = node.parent, depth + 1
        return False

    def contains_cohort(self, cohort) -> bool:
        return cohort is not None and self.contains_region(cohort.region)

    def contains_companion(self, user) -> bool:
        """Whether ``user`` is a companion working in the area (see :meth:`companion_q`)."""
        if self.national:
            return True
        if self.region is None or user is None:
            return False
        from incubator.models import MentorProfile

        return MentorProfile.objects.filter(self.companion_q(), user_id=user.pk).exists()

    def contains_profile(self, profile) -> bool:
        if self.national:
            return True
        if self.region is None:
            return False
        if self.region.level == Region.Level.PROVINCE:
            return profile.province_id == self.region.pk
        return profile.regency_id == self.region.pk


def forget_scope(user) -> None:
    """Drop the scope cached on ``user`` (after it was changed)."""
    user.__dict__.pop("_tumbuh_scope", None)


def scope_for(user) -> Scope:
    """The scope of ``user``; cached on the user object for the request."""
    cached = getattr(user, "_tumbuh_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(national=True)
    else:
        record = ManagerScope.objects.select_related("region").filter(user=user).first()
        if record is None:
            scope = Scope()
        elif record.region_id is None:
            scope = Scope(national=True)
        else:
            scope = Scope(region=record.region)
    user._tumbuh_scope = scope
    return scope
