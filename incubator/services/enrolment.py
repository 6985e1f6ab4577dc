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
    Cohort,
    EntrepreneurProfile,
    Region,
    Sector,
    Tier,
    TierChange,
)
from incubator.services._common import (
    create_tier_milestones,
    is_companion,
    is_program_manager,
    require_region_in_area,
    validate_regions,
    validate_start_year,
)


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
) -> EntrepreneurProfile:
    """Enrol a person: a profile at Beginner, its TierChange row and the Beginner milestones.

    ``by`` is the person themself (self-enrolment), a program manager, or a companion helping them.
    ``business_photo`` (optional upload) is cleaned like evidence. ``consent`` is a ConsentRecord, ``True`` to record consent now (captured by ``by``), or ``None``
    to use the person's latest consent still in force; without any consent nothing is saved.
    Raises EnrolmentError / ProfileError / NotAllowed.
    """
    if not (by.pk == user.pk or is_program_manager(by) or roles.is_mentor(by)):
        raise NotAllowed(_("You cannot enrol this person."))
    if EntrepreneurProfile.objects.filter(user=user).exists():
        raise EnrolmentError(_("This person is already enrolled."))
    business_name = (business_name or "").strip()
    if not business_name:
        raise ProfileError(_("Please enter the name of the business."))
    if sector not in Sector.values:
        raise ProfileError(_("Please choose the business sector."))
    validate_regions(province, regency, district)
    require_region_in_area(by, regency)  # a manager enrols only in their area (incubator.scope)
    validate_start_year(business_start_year)
    if cohort is not None and not cohort.is_active:
        raise EnrolmentError(_("This cohort is closed."))
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
                tier=Tier.BEGINNER,
                tier_since=now,
                enrolled_on=timezone.localdate(),
                consent=consent,
                last_activity_at=now,
            )
    except IntegrityError:
        raise EnrolmentError(_("This person is already enrolled.")) from None
    if photo is not None:
        profile.business_photo.save(photo.image.name, photo.image)
    TierChange.objects.create(
        profile=profile, from_tier="", to_tier=Tier.BEGINNER, changed_at=now, changed_by=by
    )
    create_tier_milestones(profile, Tier.BEGINNER)
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
    to managers. ``business_photo`` is an upload, cleaned like evidence photos.
    """
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    if not (is_program_manager(by) or profile.user_id == by.pk or is_companion(by, profile)):
        raise NotAllowed(_("You cannot change this business profile."))
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ProfileError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "cohort" in fields and fields["cohort"] != profile.cohort and not is_program_manager(by):
        raise NotAllowed(_("Only a program manager can change the cohort."))
    photo = fields.pop("business_photo", None)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(profile, name, value)
    if not profile.business_name:
        raise ProfileError(_("Please enter the name of the business."))
    if profile.sector not in Sector.values:
        raise ProfileError(_("Please choose the business sector."))
    validate_regions(profile.province, profile.regency, profile.district)
    validate_start_year(profile.business_start_year)
    if photo:
        processed = clean_photo(photo)
        profile.business_photo.save(processed.image.name, processed.image, save=False)
    profile.last_activity_at = timezone.now()
    profile.save()
    return profile
