"""Helpers shared by the incubator services: permission checks, amounts, notifications."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connections, router, transaction
from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.selectors import consent_withdrawn
from core import notifications
from core.db import STAND_IN_IDS, CompiledStatement, compiled_once, padded
from core.text import too_long_message
from incubator.errors import (
    IncubatorError,
    NotAllowed,
    ProfileError,
)
from incubator.models import GRADUATION_REPORTS as GRADUATION_REPORTS  # re-exported for the services
from incubator.models import (
    MAX_RUPIAH,
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    Milestone,
    MilestoneTemplate,
    Region,
)
from incubator.scope import scope_for
from incubator.selectors import dashboards_showing, fresh_progress, is_current_companion

MAX_PHOTOS = 5
MAX_WORKERS = 10_000
EARLIEST_YEAR = 1950


def is_program_manager(user: User | None) -> bool:
    return user is not None and roles.is_manager(user)


def require_manager(user: User | None) -> None:
    if not is_program_manager(user):
        raise NotAllowed(_("Only a program manager can do this."))


def require_manager_for(user: User | None, profile: EntrepreneurProfile) -> None:
    """A program manager whose area holds ``profile`` (national managers hold every area)."""
    require_manager(user)
    if not scope_for(user).contains_profile(profile):
        raise NotAllowed(outside_area_message(user))


def require_region_in_area(user: User | None, region: Region | None) -> None:
    """When ``user`` acts as a program manager, ``region`` must lie in their area."""
    if is_program_manager(user) and not scope_for(user).contains_region(region):
        raise NotAllowed(outside_area_message(user))


def outside_area_message(user: User) -> str:
    scope = scope_for(user)
    if scope.empty:
        return _("No area has been assigned to you yet; ask a national program manager to set one.")
    return _("This is outside your area (%(area)s).") % {"area": scope.label}


def current_assignments(profile: EntrepreneurProfile, role: str | None = None):
    qs = CompanionAssignment.objects.current().filter(profile=profile)
    if role:
        qs = qs.filter(role=role)
    return qs


def require_owner_or_companion(user: User, profile: EntrepreneurProfile) -> None:
    if profile.user_id == user.pk:
        return
    if is_current_companion(profile, user=user):
        require_consent_for_others(user, profile)
        return
    raise NotAllowed(_("Only the entrepreneur or their companion can do this."))


def require_consent_for_others(user: User, profile: EntrepreneurProfile) -> None:
    """Anyone but the family acting on their data needs their consent (UU PDP): refused once withdrawn.

    The one check of every on-behalf path (evidence, monthly figures, profile, receipts, sessions).
    """
    if profile.user_id != user.pk and consent_withdrawn(profile.user_id):
        raise NotAllowed(
            _(
                "This person has withdrawn their consent: their data can no longer be entered or used "
                "on their behalf."
            )
        )


def require_business_mentor(user: User, profile: EntrepreneurProfile) -> None:
    if not is_current_companion(profile, user=user, role=CompanionRole.MENTOR):
        raise NotAllowed(_("Only this entrepreneur's business mentor can do this."))


def clean_amount(value: Any, *, label: str, allow_zero: bool = True, required: bool = True) -> int | None:
    """A whole Rupiah amount between 0 (or 1) and MAX_RUPIAH, or a clear error."""
    if value is None or value == "":
        if required:
            raise IncubatorError(_("Please enter %(label)s.") % {"label": label})
        return None
    not_whole = _("%(label)s must be a whole number of rupiah.") % {"label": label}
    if isinstance(value, bool):
        raise IncubatorError(not_whole)
    try:
        number = int(value)
        if isinstance(value, (float, Decimal)) and number != value:
            raise IncubatorError(not_whole)
    except (TypeError, ValueError, OverflowError, InvalidOperation):
        raise IncubatorError(not_whole) from None
    if number < 0:
        raise IncubatorError(_("%(label)s cannot be negative.") % {"label": label})
    if number == 0 and not allow_zero:
        raise IncubatorError(_("%(label)s must be more than zero.") % {"label": label})
    if number > MAX_RUPIAH:
        raise IncubatorError(
            _("%(label)s is far too large for this program; please check the number.") % {"label": label}
        )
    return number


def refresh_progress(
    profiles: Iterable[EntrepreneurProfile | int], *, touched_at: datetime.datetime | None = None
) -> None:
    """Recount the progress counters (``selectors.PROGRESS_FIELDS``) of ``profiles`` in the caller's
    transaction; with ``touched_at``, stamp it as their last activity in the same statement.

    Every service that changes a milestone's status, a monthly report's verification or a tier
    calls it after its writes. Locks the profiles (in id order) first: a concurrent service on the
    same family waits here, and the recount, a statement of its own, then counts what that one
    committed (inside one UPDATE, PostgreSQL would re-read the locked row but not the subqueries).
    A recount rather than +1/−1: it cannot drift, and "oldest waiting" is not a sum.
    """
    profiles = list(profiles)
    ids = sorted({p if isinstance(p, int) else p.pk for p in profiles})
    if not ids:
        return
    connection = connections[router.db_for_write(EntrepreneurProfile)]
    stamp = DateTimeField().get_db_prep_value(touched_at, connection) if touched_at is not None else None
    # The caller's transaction; one of its own when called outside any (no savepoint, no extra query).
    with transaction.atomic(using=connection.alias, savepoint=False):
        locked = EntrepreneurProfile.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
        list(locked.values_list("pk", flat=True))
        for start in range(0, len(ids), _RECOUNT_CHUNK):
            # Padded to a power of two with its last id (repeated in IN, harmless): few shapes to compile.
            chunk = padded(ids[start : start + _RECOUNT_CHUNK])
            statement = _recount_statement(connection, len(chunk), touched=touched_at is not None)
            values = dict(zip(STAND_IN_IDS, chunk, strict=False))
            if touched_at is not None:
                values[_stand_in_time(connection)] = stamp
            with connection.cursor() as cursor:
                cursor.execute(statement.sql, statement.bind(values))
    for profile in profiles:
        if isinstance(profile, EntrepreneurProfile) and touched_at is not None:
            profile.last_activity_at = touched_at


# The most ids one recount statement takes; the stand-in time compiled into it, replaced at each call.
_RECOUNT_CHUNK = 512
_STAND_IN_TIME = datetime.datetime(1900, 1, 1, 0, 0, 1, 123457, tzinfo=datetime.UTC)


def _stand_in_time(connection) -> Any:
    return DateTimeField().get_db_prep_value(_STAND_IN_TIME, connection)


def _recount_statement(connection, count: int, *, touched: bool) -> CompiledStatement:
    """The recount's UPDATE (``fresh_progress``: a dozen correlated subqueries) for ``count``
    profiles, compiled once per database and shape (``core.db.compiled_once``): Django takes about
    12 ms to compile it, the database a fraction of that to run it, and every service that changes
    a family's progress runs it. Compiled with stand-in ids (and time), which ``refresh_progress``
    replaces."""

    def build() -> UpdateQuery:
        fields = {**fresh_progress(), "dashboard_version": F("dashboard_version") + 1}
        if touched:
            fields["last_activity_at"] = Value(_STAND_IN_TIME)
        query = EntrepreneurProfile.objects.filter(pk__in=STAND_IN_IDS[:count]).query.chain(UpdateQuery)
        query.add_update_values(fields)
        return query

    stand_ins = [*STAND_IN_IDS[:count], *([_stand_in_time(connection)] if touched else [])]
    return compiled_once(connection, ("incubator.recount", count, touched), build, stand_ins)


def bump_dashboard(profiles: Iterable[EntrepreneurProfile | int]) -> None:
    """What the entrepreneurs' dashboards show changed (a companion, assistance, a recommendation, an
    entry made for them): a new ``dashboard_version``, so ``selectors.dashboard_for`` stops reading
    the parts it cached under the old one. One statement, in the caller's transaction
    (``refresh_progress`` bumps it too)."""
    ids = {p if isinstance(p, int) else p.pk for p in profiles}
    if ids:
        EntrepreneurProfile.objects.filter(pk__in=ids).update(dashboard_version=F("dashboard_version") + 1)


def refresh_dashboards_showing(user: User) -> None:
    """``user``'s name or data changed (the user admin, a privacy erasure): every dashboard whose cached
    parts may show it (``selectors.dashboards_showing``: their own family's, the families they
    accompany or accompanied or entered something for) is rebuilt on its next view. One statement,
    in the caller's transaction."""
    dashboards_showing(user).order_by().update(dashboard_version=F("dashboard_version") + 1)


def recount_progress(profiles: QuerySet[EntrepreneurProfile]) -> int:
    """Recount the progress counters of every profile of ``profiles`` in one statement, without
    locks: for writers that own those rows (a seed, a bulk import) and for corrections
    (``check_counters --fix``, a milestone template edited). Returns how many profiles."""
    return profiles.order_by().update(**fresh_progress())


def recount_tiers(tiers: Iterable[str]) -> int:
    """Recount the progress counters of every family in ``tiers`` and bump their dashboards, in the
    caller's transaction: after the milestone path of those tiers changed (a template added, edited,
    deleted; ``load_program``). Two statements whatever the number of families: their rows locked
    in id order, then one UPDATE, a statement of its own so that it counts what a service that held
    one of those rows committed meanwhile (as ``refresh_progress`` does). Returns how many profiles."""
    profiles = EntrepreneurProfile.objects.filter(tier__in=sorted(set(tiers)))
    with transaction.atomic(savepoint=False):
        list(profiles.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
        return profiles.order_by().update(**fresh_progress(), dashboard_version=F("dashboard_version") + 1)


def recount_all_progress(*, batch: int = 2000) -> int:
    """``recount_progress`` for every profile, ``batch`` profiles per transaction (short locks)."""
    ids = list(EntrepreneurProfile.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            recount_progress(EntrepreneurProfile.objects.filter(pk__in=ids[start : start + batch]))
    return len(ids)


def touch(profile: EntrepreneurProfile) -> None:
    """The family did something: its last activity is now, and its progress counters are recounted."""
    refresh_progress([profile], touched_at=timezone.now())


def notify(user_id: int | None, kind: str, **data: Any) -> None:
    if user_id:
        notifications.push(user_id, {"type": kind, **data})


def create_tier_milestones(profile: EntrepreneurProfile, tier: str) -> None:
    """The tier's milestones for a profile just placed in ``tier`` (saved), and its counters recounted."""
    templates = MilestoneTemplate.objects.filter(tier=tier, is_active=True).order_by("order")
    Milestone.objects.bulk_create(
        [Milestone(profile=profile, template=t, tier=tier) for t in templates], ignore_conflicts=True
    )
    refresh_progress([profile])


def validate_regions(province: Region, regency: Region, district: Region | None) -> None:
    if province is None or province.level != Region.Level.PROVINCE:
        raise ProfileError(_("Please choose a province."))
    if regency is None or regency.level != Region.Level.REGENCY or regency.parent_id != province.pk:
        raise ProfileError(_("Please choose a regency or city in the chosen province."))
    if district is not None and (district.level != Region.Level.DISTRICT or district.parent_id != regency.pk):
        raise ProfileError(_("Please choose a district in the chosen regency or city."))


def validate_start_year(year: int | None) -> None:
    this_year = timezone.localdate().year  # one reading: the check and its message agree on New Year's Eve
    if year is not None and not (EARLIEST_YEAR <= int(year) <= this_year):
        raise ProfileError(
            _("The year the business started must be between %(first)d and %(last)d.")
            % {"first": EARLIEST_YEAR, "last": this_year}
        )


def required_text(
    value: str | None, error: type[IncubatorError], message: str, *, limit: int | None = None
) -> str:
    """The stripped text, or ``error(message)`` when it is empty (reasons, review comments).

    With ``limit``, also ``error`` when it is longer: for text that may arrive without a form.
    """
    value = (value or "").strip()
    if not value:
        raise error(message)
    if limit is not None and len(value) > limit:
        raise error(too_long_message(limit, len(value)))
    return value
