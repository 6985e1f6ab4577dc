"""The manager's area (``incubator.scope``) applied to every workspace view.

A viewset says how its model lies in an area (``scope_q``); the mixins here narrow the listing
and its exports to it, answer 404 for a single object outside it (an edited URL reveals nothing),
and narrow every choice a form or filter offers (regions, cohorts, entrepreneurs, companions).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property

from accounts.models import User
from incubator.models import Cohort, EntrepreneurProfile, MentorProfile, Region
from incubator.scope import Scope, scope_for

ScopeQ = Callable[[Scope], Q]


def companions_in(scope: Scope) -> Q:
    """Companion profiles in the area, as a subquery: no join that would multiply counted rows."""
    if scope.national:
        return Q()
    return Q(pk__in=MentorProfile.objects.filter(scope.companion_q()).values("pk"))


def companion_users_in(scope: Scope) -> Q:
    if scope.national:
        return Q()
    return Q(pk__in=MentorProfile.objects.filter(scope.companion_q()).values("user_id"))


def _holding_rights_outside(groups: tuple[str, ...]) -> Q:
    """People (as a ``pk__in`` subquery) holding a right beyond ``groups``: administrators, staff,
    rights given person by person, or membership of any other group."""
    privileged = User.objects.filter(
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(user_permissions__isnull=False)
        | Q(groups__isnull=False) & ~Q(groups__name__in=groups)
    ).values("pk")
    return Q(pk__in=privileged)


def users_in(scope: Scope) -> Q:
    """People in the area, for the user admin: its entrepreneurs and its companions.

    Subqueries, not joins, so the listing keeps one row per person and its query count.
    A regional manager reaches families and companions only: never administrators, staff or
    anyone holding another role (managers, safeguarding officers, content editors) or a right
    given person by person, whose accounts only national managers may change.
    """
    if scope.national:
        return Q()
    from accounts.roles import REGIONAL_GRANTABLE_GROUPS

    return (
        Q(pk__in=EntrepreneurProfile.objects.filter(scope.profile_q()).values("user_id"))
        | Q(pk__in=MentorProfile.objects.filter(scope.companion_q()).values("user_id"))
    ) & ~_holding_rights_outside(REGIONAL_GRANTABLE_GROUPS)


def users_reachable_by(actor) -> Q:
    """The people ``actor`` may list, open, change or act on in bulk in the user admin.

    An administrator (superuser) reaches everyone. A national manager reaches everyone whose
    rights a program manager also holds (families, companions, program managers, content
    editors): never an administrator, staff, a safeguarding officer, or anyone with a right given
    person by person, because changing such an account's email or password would hand the
    actor rights they do not have. A regional manager reaches the families and companions of
    the area (:func:`users_in`); a manager without an area reaches no one.
    """
    if actor.is_superuser:
        return Q()
    scope = scope_for(actor)
    if not scope.national:
        return users_in(scope)
    from workspace.wagtail_users import PEER_GROUPS

    return ~_holding_rights_outside(PEER_GROUPS)


def narrow_choices(form, scope: Scope) -> None:
    """Limit every region, cohort, entrepreneur and companion choice of ``form`` to the area.

    A province field also offers the province above a regency manager's area, so the profile
    form stays usable; the regency field (which places the person) offers only the area.
    """
    if scope.national:
        return
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if model is Region:
            q = scope.region_choices_q(with_ancestors=name == "province")
        elif model is Cohort:
            q = scope.cohort_q()
        elif model is EntrepreneurProfile:
            q = scope.profile_q()
        elif model is MentorProfile:
            q = companions_in(scope)
        elif model is User:
            q = companion_users_in(scope)
        else:
            continue
        field.queryset = queryset.filter(q)


class ScopedViewMixin:
    """Shared by every view of a scoped viewset. ``scope_q`` comes from the viewset."""

    scope_q: ScopeQ | None = None

    @property
    def scope(self) -> Scope:
        return scope_for(self.request.user)

    def area_q(self) -> Q:
        return self.scope_q(self.scope) if self.scope_q else Q()


class ScopedIndexMixin(ScopedViewMixin):
    """The listing (and its CSV/XLSX export) holds only rows in the area; filters offer only its choices."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(self.area_q())

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            narrow_choices(filterset.form, self.scope)
        return filterset


class ScopedObjectMixin(ScopedViewMixin):
    """Edit, inspect, delete, history, usage: an object outside the area is not found (404).

    ``national_only`` (add/edit/delete of a program-wide record such as the milestone path):
    refused (403) to anyone but a national manager.
    """

    national_only = False

    def dispatch(self, request, *args, **kwargs):
        if self.national_only and not scope_for(request.user).national:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not self.in_area(obj):
            raise Http404
        return obj

    def in_area(self, obj) -> bool:
        area = self.area_q()
        if not area:
            return True
        return type(obj)._default_manager.filter(area, pk=obj.pk).exists()

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        narrow_choices(form, self.scope)
        return form


def scoped_view_class(view_class: type, *, index: bool) -> type:
    """``view_class`` with the area mixin in front (once)."""
    mixin = ScopedIndexMixin if index else ScopedObjectMixin
    if issubclass(view_class, ScopedViewMixin):
        return view_class
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {"__module__": __name__})
