"""Enrolment and the business profile."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import ConsentRecord, User
from incubator.errors import (
    EnrolmentError,
    NotAllowed,
    ProfileError,
)
from incubator.images import clean_photo
from incubator.models import (
    WORKING_TIERS,
    Cohort,
    EntrepreneurProfile,
    MentorProfile,
    ProfileChange,
    Region,
    Sector,
    Tier,
    TierChange,
)
from incubator.scope import Scope
from incubator.selectors import is_current_companion
from incubator.services._common import (
    bump_dashboard,
    create_tier_milestones,
    is_program_manager,
    require_consent_for_others,
    require_region_in_area,
    validate_regions,
    validate_start_year,
)
from incubator.services.companions import _assign, active_companion_profile


@transaction.atomic
def enroll_entrepreneur(
    user: User,
    *,
    by: User,
    cohort: Cohort | None,
    province: Region,
    regency: Region,
    district: Region | None = None,
    village: str = "",
    business_name: str,
    sector: str,
    business_description: str = "",
    business_start_year: int | None = None,
    pkh_reference: str = "",
    consent: ConsentRecord | bool | None = None,
    business_photo=None,
    tier: str = Tier.BEGINNER,
) -> EntrepreneurProfile:
    """Enrol a person: a profile at ``tier`` (Beginner unless a manager places the family, e.g. from
    an import's starting tier), its TierChange row and that tier's milestone path.

    ``by`` is the person themself (self-enrolment) or a program manager. A companion registers
    someone through ``register_assisted_entrepreneur``, which checks their area and assigns them.
    ``business_photo`` (optional upload) is cleaned like evidence. ``consent`` is a ConsentRecord,
    ``True`` to record consent now (captured by ``by``), or ``None`` to use the person's latest
    consent still in force; without any consent nothing is saved.
    Raises EnrolmentError / ProfileError / NotAllowed.
    """
    if not (by.pk == user.pk or is_program_manager(by)):
        raise NotAllowed(_("You cannot enrol this person."))
    return _enrol(
        user,
        by=by,
        cohort=cohort,
        province=province,
        regency=regency,
        district=district,
        village=village,
        business_name=business_name,
        sector=sector,
        business_description=business_description,
        business_start_year=business_start_year,
        pkh_reference=pkh_reference,
        consent=consent,
        business_photo=business_photo,
        tier=tier,
    )


def _enrol(
    user: User,
    *,
    by: User,
    cohort: Cohort | None,
    province: Region,
    regency: Region,
    district: Region | None,
    village: str,
    business_name: str,
    sector: str,
    business_description: str = "",
    business_start_year: int | None = None,
    pkh_reference: str = "",
    consent: ConsentRecord | bool | None = None,
    business_photo=None,
    registered_by: User | None = None,
    tier: str = Tier.BEGINNER,
) -> EntrepreneurProfile:
    """The enrolment itself, shared by every path; the caller has checked who acts."""
    if tier not in WORKING_TIERS:
        raise EnrolmentError(_("Please choose Beginner, Developing or Advanced as the starting group."))
    if tier != Tier.BEGINNER and not is_program_manager(by):
        raise NotAllowed(_("Only a program manager can place a family in another group than Beginner."))
    if EntrepreneurProfile.objects.filter(user=user).exists():
        raise EnrolmentError(_("This person is already enrolled."))
    business_name = _check_business(business_name, sector, province, regency, district, cohort)
    require_region_in_area(by, regency)  # a manager enrols only in their area (incubator.scope)
    validate_start_year(business_start_year)
    photo = clean_photo(business_photo) if business_photo else None

    if consent is True:
        from accounts.services import record_consent

        consent = record_consent(user, captured_by=None if by.pk == user.pk else by)
    elif consent is None or consent is False:
        consent = user.consents.filter(withdrawn_at__isnull=True).order_by("-given_at").first()
    if consent is None or consent.user_id != user.pk or consent.withdrawn_at is not None:
        raise EnrolmentError(_("The person's consent to the use of their data is needed first."))

    if not roles.is_entrepreneur(user):
        roles.add_role(user, roles.ENTREPRENEUR)
    now = timezone.now()
    try:
        with transaction.atomic():
            profile = EntrepreneurProfile.objects.create(
                user=user,
                cohort=cohort,
                province=province,
                regency=regency,
                district=district,
                village=(village or "").strip(),
                business_name=business_name,
                sector=sector,
                business_description=(business_description or "").strip(),
                business_start_year=business_start_year,
                pkh_reference=(pkh_reference or "").strip(),
                tier=tier,
                tier_since=now,
                enrolled_on=timezone.localtime(now).date(),  # the same instant as tier_since
                consent=consent,
                registered_by=registered_by,
                last_activity_at=now,
            )
    except IntegrityError:
        raise EnrolmentError(_("This person is already enrolled.")) from None
    if photo is not None:
        profile.business_photo.save(photo.image.name, photo.image)
    TierChange.objects.create(profile=profile, from_tier="", to_tier=tier, changed_at=now, changed_by=by)
    create_tier_milestones(profile, tier)
    return profile


def _require_companion_area(mentor_profile: MentorProfile, province, regency, district) -> None:
    """The place (its most precise region) must lie in one of the companion's regions."""
    place = district or regency or province
    if not any(Scope(region=region).contains_region(place) for region in mentor_profile.regions.all()):
        raise NotAllowed(_("This place is outside your working area. Ask your program manager."))


def _check_business(name: str, sector: str, province, regency, district, cohort: Cohort | None) -> str:
    """The stripped business name, once the name, sector, regions and cohort are acceptable."""
    name = (name or "").strip()
    if not name:
        raise ProfileError(_("Please enter the name of the business."))
    if sector not in Sector.values:
        raise ProfileError(_("Please choose the business sector."))
    validate_regions(province, regency, district)
    if cohort is not None and not cohort.is_active:
        raise EnrolmentError(_("This cohort is closed."))
    return name


@transaction.atomic
def register_assisted_entrepreneur(
    *,
    by: User,
    full_name: str,
    phone: str,
    email: str = "",
    consent: bool,
    business_name: str,
    sector: str,
    province: Region,
    regency: Region,
    district: Region | None = None,
    village: str = "",
    cohort: Cohort | None = None,
) -> EntrepreneurProfile:
    """A companion registers a person they assist, in the field, and becomes their companion.

    One transaction: the account (phone, optional email) with the consent the person gave just
    now, captured by ``by`` (``accounts.services.create_entrepreneur_account``); the enrolment
    (``_enrol``, as for everyone) with ``registered_by``; a ProfileChange "registered" row; and a
    current assignment of ``by`` in the role of their kind (business mentor or social companion).

    ``by`` must be an active companion; the person's place must lie in one of the companion's
    regions (province, regency/city or district) and the cohort, if any, must be the place's. The
    companion's MentorProfile row is locked so their capacity holds under concurrent
    registrations. Any error raises an IncubatorError and nothing at all is saved.
    """
    from accounts.errors import AccountError
    from accounts.services import create_entrepreneur_account

    mentor_profile = active_companion_profile(by)
    if mentor_profile is None:
        raise NotAllowed(_("Only an active companion can register someone."))
    if not consent:
        raise EnrolmentError(
            _("Read the consent aloud and tick the box once the person has agreed; nothing was saved.")
        )
    _check_business(business_name, sector, province, regency, district, cohort)  # before any account
    _require_companion_area(mentor_profile, province, regency, district)
    place = {province.pk, regency.pk} | ({district.pk} if district else set())
    if cohort is not None and cohort.region_id not in place:
        raise EnrolmentError(
            _("This cohort belongs to another area; choose the cohort of the person's place.")
        )
    try:
        user = create_entrepreneur_account(
            full_name=full_name, phone=phone, email=email, consent=True, captured_by=by
        )
    except AccountError as exc:
        raise EnrolmentError(str(exc)) from None
    profile = _enrol(
        user,
        by=by,
        cohort=cohort,
        province=province,
        regency=regency,
        district=district,
        village=village,
        business_name=business_name,
        sector=sector,
        registered_by=by,
    )
    ProfileChange.objects.create(
        profile=profile, kind=ProfileChange.Kind.REGISTERED, actor=by, on_behalf_of=user
    )
    # capacity, assignment and the mentoring conversation, as when a manager assigns; an error
    # here (a full companion) rolls back the account and the enrolment above
    _assign(profile, by, role=mentor_profile.role, by=by)
    return profile


PROFILE_FIELDS = {
    "cohort",
    "province",
    "regency",
    "district",
    "village",
    "business_name",
    "sector",
    "business_description",
    "business_start_year",
    "pkh_reference",
    "business_photo",
}


@transaction.atomic
def update_business_profile(profile: EntrepreneurProfile, *, by: User, **fields: Any) -> EntrepreneurProfile:
    """Change business and region fields (not the tier: only promotions move it).

    Allowed to the entrepreneur, their current companions and program managers; the cohort only
    to managers. A manager keeps the family in their area; a companion who moves the family's
    province, regency/city or district keeps it in their own regions (``MentorProfile.regions``). ``business_photo`` is an upload, cleaned like evidence photos. The changed
    fields are recorded in a ProfileChange row, marked ``on_behalf_of`` the entrepreneur when
    someone else made the change (nothing is recorded when nothing changed).
    """
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    as_manager = not (profile.user_id == by.pk or is_current_companion(profile, user=by))
    if as_manager and not is_program_manager(by):
        raise NotAllowed(_("You cannot change this business profile."))
    if as_manager:
        require_region_in_area(by, profile.regency)
    require_consent_for_others(by, profile)
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ProfileError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "cohort" in fields and fields["cohort"] != profile.cohort and not is_program_manager(by):
        raise NotAllowed(_("Only a program manager can change the cohort."))
    photo = fields.pop("business_photo", None)
    before = {name: profile.serializable_value(name) for name in fields}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(profile, name, value)
    changed = [name for name in sorted(fields) if profile.serializable_value(name) != before[name]]
    moved = bool({"province", "regency", "district"} & set(changed))
    if not profile.business_name:
        raise ProfileError(_("Please enter the name of the business."))
    if profile.sector not in Sector.values:
        raise ProfileError(_("Please choose the business sector."))
    validate_regions(profile.province, profile.regency, profile.district)
    if as_manager:
        require_region_in_area(by, profile.regency)  # nor move the family out of the area
    elif by.pk != profile.user_id and not is_program_manager(by) and moved:
        # a companion acting for the family keeps it in their own working area
        mentor_profile = MentorProfile.objects.filter(user=by).first()
        if mentor_profile is None:
            raise NotAllowed(_("This place is outside your working area. Ask your program manager."))
        _require_companion_area(mentor_profile, profile.province, profile.regency, profile.district)
    validate_start_year(profile.business_start_year)
    if photo:
        processed = clean_photo(photo)
        profile.business_photo.save(processed.image.name, processed.image, save=False)
        changed.append("business_photo")
    profile.last_activity_at = timezone.now()
    profile.save()
    if changed:
        ProfileChange.objects.create(
            profile=profile,
            fields=changed,
            actor=by,
            on_behalf_of_id=None if by.pk == profile.user_id else profile.user_id,
        )
        bump_dashboard([profile])
    return profile


@transaction.atomic
def enrol_registry_participant(
    *,
    email: str,
    full_name: str,
    phone: str,
    consent_version: str,
    by: User,
    cohort: Cohort | None,
    province: Region,
    regency: Region,
    district: Region | None,
    business_name: str,
    sector: str,
    tier: str = Tier.BEGINNER,
    baseline: dict[str, Any] | None = None,
) -> EntrepreneurProfile:
    """One participant of a registry import (a program manager's): the account, the entrepreneur
    role, the consent record under ``consent_version`` (the registry's consent, captured by ``by``)
    and the enrolment at ``tier`` (Beginner unless the file places the family).

    ``email`` may be empty: the person then signs in with a code sent to ``phone``. ``baseline``
    (``revenue``, ``costs`` and optionally ``workers``, ``permits``, ``assets``) is kept as an intake
    assessment confirmed by ``by`` at import (``record_import_baseline``). The importer checked the
    row; any refusal rolls back the row. Raises the errors of ``enroll_entrepreneur``.
    """
    from accounts.services import create_imported_account, register_entrepreneur
    from incubator.services.placement import record_import_baseline

    if not is_program_manager(by):
        raise NotAllowed(_("You cannot enrol this person."))
    if tier not in WORKING_TIERS:
        raise EnrolmentError(_("Please choose Beginner, Developing or Advanced."))
    user = create_imported_account(email=email, full_name=full_name)
    consent = register_entrepreneur(
        user, full_name=full_name, phone=phone, consent=True, captured_by=by, consent_version=consent_version
    )
    profile = enroll_entrepreneur(
        user,
        by=by,
        cohort=cohort,
        province=province,
        regency=regency,
        district=district,
        business_name=business_name,
        sector=sector,
        consent=consent,
        tier=tier,
    )
    if baseline:
        record_import_baseline(profile, by=by, **baseline)
    return profile
