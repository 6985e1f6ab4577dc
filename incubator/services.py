"""The incubator's rules: enrolment, companions, milestones, reports, promotions and assistance.

Every public function is one transaction that checks who is acting inside it, writes a history
row for each state change, and tells the people concerned after commit
(``mentoring.notifications.push``). Errors are ``incubator.errors`` exceptions whose message can be
shown to the person who acted.

Decisions recorded here:
- The **business mentor** (current assignment with role ``mentor``) reviews milestones, verifies
  monthly reports and recommends promotions. The social companion supports and may submit evidence
  or enter a report on the entrepreneur's behalf (recorded as such), but does not verify.
- Program managers (and superusers) assign companions, decide promotions and record assistance.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import ConsentRecord, User
from incubator.errors import (
    AssignmentError,
    AssistanceError,
    EnrolmentError,
    EvidenceError,
    IncubatorError,
    MilestoneError,
    NotAllowed,
    ProfileError,
    PromotionError,
    ReportError,
)
from incubator.images import clean_photo
from incubator.models import (
    AWAITING_REVIEW,
    MAX_RUPIAH,
    Assistance,
    AssistanceEvent,
    Cohort,
    CompanionAssignment,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    EvidencePhoto,
    IncomeThreshold,
    MentorProfile,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    PromotionRequest,
    Region,
    Sector,
    Tier,
    TierChange,
    next_tier,
)
from mentoring import notifications

__all__ = [
    "Eligibility",
    "IncubatorError",
    "NotAllowed",
    "approve_assistance",
    "approve_promotion",
    "assign_companion",
    "cancel_assistance",
    "complete_milestone_by_course",
    "decline_promotion",
    "deliver_assistance",
    "end_assignment",
    "enroll_entrepreneur",
    "plan_assistance",
    "promotion_eligibility",
    "recommend_promotion",
    "record_monthly_report",
    "request_changes",
    "submit_evidence",
    "update_business_profile",
    "verify_milestone",
    "verify_monthly_report",
]

MAX_PHOTOS = 5
MAX_WORKERS = 10_000
GRADUATION_REPORTS = 3  # verified monthly reports averaged for the income rule
EARLIEST_YEAR = 1950


# ---------------------------------------------------------------- helpers


def _is_manager(user: User | None) -> bool:
    return user is not None and roles.is_manager(user)


def _require_manager(user: User | None) -> None:
    if not _is_manager(user):
        raise NotAllowed(_("Only a program manager can do this."))


def _current_assignment(profile: EntrepreneurProfile, role: str | None = None):
    qs = CompanionAssignment.objects.filter(profile=profile, ended_at__isnull=True)
    if role:
        qs = qs.filter(role=role)
    return qs


def _is_companion(user: User | None, profile: EntrepreneurProfile, role: str | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return _current_assignment(profile, role).filter(companion=user).exists()


def _require_owner_or_companion(user: User, profile: EntrepreneurProfile) -> None:
    if profile.user_id == user.pk or _is_companion(user, profile):
        return
    raise NotAllowed(_("Only the entrepreneur or their companion can do this."))


def _require_business_mentor(user: User, profile: EntrepreneurProfile) -> None:
    if not _is_companion(user, profile, CompanionRole.MENTOR):
        raise NotAllowed(_("Only this entrepreneur's business mentor can do this."))


def _clean_amount(value: Any, *, label: str, allow_zero: bool = True, required: bool = True) -> int | None:
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


def _touch(profile: EntrepreneurProfile) -> None:
    now = timezone.now()
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(last_activity_at=now)
    profile.last_activity_at = now


def _notify(user_id: int | None, kind: str, **data: Any) -> None:
    if user_id:
        notifications.push(user_id, {"type": kind, **data})


def _create_tier_milestones(profile: EntrepreneurProfile, tier: str) -> None:
    templates = MilestoneTemplate.objects.filter(tier=tier, is_active=True).order_by("order")
    Milestone.objects.bulk_create(
        [Milestone(profile=profile, template=t, tier=tier) for t in templates], ignore_conflicts=True
    )


def _validate_regions(province: Region, regency: Region, district: Region | None) -> None:
    if province is None or province.level != Region.Level.PROVINCE:
        raise ProfileError(_("Please choose a province."))
    if regency is None or regency.level != Region.Level.REGENCY or regency.parent_id != province.pk:
        raise ProfileError(_("Please choose a regency or city in the chosen province."))
    if district is not None and (district.level != Region.Level.DISTRICT or district.parent_id != regency.pk):
        raise ProfileError(_("Please choose a district in the chosen regency or city."))


def _validate_start_year(year: int | None) -> None:
    if year is not None and not (EARLIEST_YEAR <= int(year) <= timezone.localdate().year):
        raise ProfileError(
            _("The year the business started must be between %(first)d and %(last)d.")
            % {"first": EARLIEST_YEAR, "last": timezone.localdate().year}
        )


# ---------------------------------------------------------------- enrolment and profile


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
    if not (by.pk == user.pk or _is_manager(by) or roles.is_mentor(by)):
        raise NotAllowed(_("You cannot enrol this person."))
    if EntrepreneurProfile.objects.filter(user=user).exists():
        raise EnrolmentError(_("This person is already enrolled."))
    business_name = (business_name or "").strip()
    if not business_name:
        raise ProfileError(_("Please enter the name of the business."))
    if sector not in Sector.values:
        raise ProfileError(_("Please choose the business sector."))
    _validate_regions(province, regency, district)
    _validate_start_year(business_start_year)
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
    _create_tier_milestones(profile, Tier.BEGINNER)
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
    if not (_is_manager(by) or profile.user_id == by.pk or _is_companion(by, profile)):
        raise NotAllowed(_("You cannot change this business profile."))
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ProfileError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "cohort" in fields and fields["cohort"] != profile.cohort and not _is_manager(by):
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
    _validate_regions(profile.province, profile.regency, profile.district)
    _validate_start_year(profile.business_start_year)
    if photo:
        processed = clean_photo(photo)
        profile.business_photo.save(processed.image.name, processed.image, save=False)
    profile.last_activity_at = timezone.now()
    profile.save()
    return profile


# ---------------------------------------------------------------- companions


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
    _require_manager(by)
    if role not in CompanionRole.values:
        raise AssignmentError(_("Unknown companion role."))
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    mentor_profile = MentorProfile.objects.select_for_update().filter(user=companion).first()
    if mentor_profile is None or not mentor_profile.is_active or not roles.is_mentor(companion):
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
    previous = _current_assignment(profile, role).select_for_update().first()
    if previous is not None and previous.companion_id == companion.pk:
        return previous
    current_load = CompanionAssignment.objects.filter(companion=companion, ended_at__isnull=True).count()
    if current_load >= mentor_profile.capacity:
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
    from mentoring import services as mentoring_services

    mentoring_services.on_companion_assigned(assignment, previous=previous)
    _notify(companion.pk, "incubator.assigned", profile=profile.pk, business=profile.business_name)
    _notify(profile.user_id, "incubator.companion", role=role, companion=str(companion))
    if previous is not None:
        _notify(previous.companion_id, "incubator.unassigned", profile=profile.pk)
    return assignment


@transaction.atomic
def end_assignment(assignment: CompanionAssignment, *, by: User, reason: str) -> CompanionAssignment:
    """End a current assignment (managers only; a reason is required)."""
    _require_manager(by)
    reason = (reason or "").strip()
    if not reason:
        raise AssignmentError(_("Please give a reason for ending the assignment."))
    assignment = CompanionAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_at is not None:
        raise AssignmentError(_("This assignment has already ended."))
    assignment.ended_at = timezone.now()
    assignment.end_reason = reason[:200]
    assignment.save(update_fields=["ended_at", "end_reason", "updated_at"])
    _notify(assignment.companion_id, "incubator.unassigned", profile=assignment.profile_id)
    return assignment


# ---------------------------------------------------------------- milestones


def _milestone_event(milestone: Milestone, from_status: str, *, by: User | None, comment: str = "", **kw):
    return MilestoneEvent.objects.create(
        milestone=milestone,
        from_status=from_status,
        to_status=milestone.status,
        actor=by,
        comment=comment,
        **kw,
    )


@transaction.atomic
def submit_evidence(
    milestone: Milestone,
    *,
    by: User,
    text: str = "",
    amount: int | None = None,
    photos: Sequence = (),
    expected_version: int | None = None,
) -> Milestone:
    """Hand in the evidence of a milestone for the business mentor's review.

    By the entrepreneur, or a current companion on their behalf (recorded in ``on_behalf_of``).
    Allowed from not started or changes requested, in the current tier; the status becomes
    submitted or resubmitted and the version goes up by one. Photos are decoded and re-encoded
    without EXIF (``incubator.images``). A repeated POST finds the milestone already submitted (or
    a different ``expected_version``) and raises MilestoneError, changing nothing.
    """
    milestone = (
        Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
    )
    profile, template = milestone.profile, milestone.template
    _require_owner_or_companion(by, profile)
    if expected_version is not None and expected_version != milestone.version:
        raise MilestoneError(_("This milestone was already submitted; it is waiting for review."))
    if milestone.status in AWAITING_REVIEW:
        raise MilestoneError(_("This milestone was already submitted; it is waiting for review."))
    if milestone.status == MilestoneStatus.VERIFIED:
        raise MilestoneError(_("This milestone is already verified."))
    if milestone.tier != profile.tier:
        raise MilestoneError(_("This milestone belongs to an earlier tier."))

    text = (text or "").strip()
    photos = [p for p in photos if p]
    if template.asks_text and not text:
        raise EvidenceError(_("Please explain what you did."))
    if template.asks_amount:
        label = template.amount_label or _("the amount")
        try:
            amount = _clean_amount(amount, label=label)
        except IncubatorError as exc:
            raise EvidenceError(str(exc)) from None
    elif amount not in (None, ""):
        try:
            amount = _clean_amount(amount, label=_("the amount"))
        except IncubatorError as exc:
            raise EvidenceError(str(exc)) from None
    else:
        amount = None
    limit = min(template.asks_photos, MAX_PHOTOS)
    if len(photos) > limit:
        raise EvidenceError(
            _("At most %(n)d photos can be sent for this milestone.") % {"n": limit}
            if limit
            else _("This milestone does not ask for photos.")
        )
    if limit and not photos and not milestone.photos.exists():
        raise EvidenceError(_("Please add at least one photo."))
    processed = [clean_photo(p) for p in photos]  # every photo checked before anything is written

    from_status = milestone.status
    milestone.status = (
        MilestoneStatus.RESUBMITTED
        if from_status == MilestoneStatus.CHANGES_REQUESTED
        else MilestoneStatus.SUBMITTED
    )
    milestone.version += 1
    milestone.evidence_text = text
    milestone.evidence_amount = amount
    milestone.submitted_at = timezone.now()
    milestone.submitted_by = by
    milestone.save()
    for item in processed:
        photo = EvidencePhoto(milestone=milestone, version=milestone.version, uploaded_by=by)
        photo.image.save(item.image.name, item.image, save=False)
        photo.thumbnail.save(item.thumbnail.name, item.thumbnail, save=False)
        photo.save()
    on_behalf = profile.user if by.pk != profile.user_id else None
    _milestone_event(milestone, from_status, by=by, comment=text[:500], on_behalf_of=on_behalf)
    _touch(profile)
    mentor = _current_assignment(profile, CompanionRole.MENTOR).values_list("companion_id", flat=True).first()
    _notify(
        mentor,
        "incubator.submitted",
        milestone=milestone.pk,
        business=profile.business_name,
        title=template.title,
        url=reverse("incubator:review_milestone", args=[milestone.pk]),
    )
    return milestone


def _lock_for_review(milestone: Milestone, by: User, expected_version: int) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
    )
    _require_business_mentor(by, milestone.profile)
    if milestone.status not in AWAITING_REVIEW or milestone.version != expected_version:
        raise MilestoneError(
            _(
                "This submission was already reviewed, or a newer one arrived. Nothing was changed; please look again."
            )
        )
    return milestone


def _reviewed(milestone: Milestone, from_status: str, *, by: User | None, comment: str) -> None:
    milestone.reviewed_at = timezone.now()
    milestone.reviewed_by = by
    milestone.review_comment = comment
    milestone.save()
    _milestone_event(milestone, from_status, by=by, comment=comment)
    _notify(
        milestone.profile.user_id,
        "incubator.reviewed",
        milestone=milestone.pk,
        status=milestone.status,
        title=milestone.template.title,
        url=milestone.get_absolute_url(),
    )


@transaction.atomic
def verify_milestone(
    milestone: Milestone, *, by: User, comment: str = "", expected_version: int
) -> Milestone:
    """The business mentor accepts a submission. Stale or repeated reviews raise MilestoneError."""
    milestone = _lock_for_review(milestone, by, expected_version)
    from_status = milestone.status
    milestone.status = MilestoneStatus.VERIFIED
    _reviewed(milestone, from_status, by=by, comment=(comment or "").strip())
    return milestone


@transaction.atomic
def request_changes(milestone: Milestone, *, by: User, comment: str, expected_version: int) -> Milestone:
    """The business mentor sends a submission back with a comment saying what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise MilestoneError(_("Please write what should change."))
    milestone = _lock_for_review(milestone, by, expected_version)
    from_status = milestone.status
    milestone.status = MilestoneStatus.CHANGES_REQUESTED
    _reviewed(milestone, from_status, by=by, comment=comment)
    return milestone


@transaction.atomic
def complete_milestone_by_course(
    *, user: User, template: MilestoneTemplate, course_title: str = ""
) -> Milestone | None:
    """A finished course linked to ``template`` verifies the person's milestone (system actor).

    Only for a milestone of their current tier that is not yet verified; otherwise returns it (or
    None when the person has no such milestone). Idempotent: a second call changes nothing.
    """
    profile = EntrepreneurProfile.objects.filter(user=user).first()
    if profile is None or template.tier != profile.tier:
        return None
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("template", "profile")
        .filter(profile=profile, template=template)
        .first()
    )
    if milestone is None:
        if not template.is_active:
            return None
        milestone, _created = Milestone.objects.get_or_create(
            profile=profile, template=template, tier=profile.tier
        )
        milestone = (
            Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
        )
    if milestone.status == MilestoneStatus.VERIFIED:
        return milestone
    from_status = milestone.status
    milestone.status = MilestoneStatus.VERIFIED
    comment = (
        _("Verified automatically: the course “%(course)s” was completed.") % {"course": course_title}
        if course_title
        else _("Verified automatically: the linked course was completed.")
    )
    _reviewed(milestone, from_status, by=None, comment=comment)
    _touch(profile)
    return milestone


# ---------------------------------------------------------------- monthly reports


def _first_of_month(month: datetime.date | str) -> datetime.date:
    if isinstance(month, str):
        try:
            month = datetime.date.fromisoformat(month if len(month) > 7 else f"{month}-01")
        except ValueError:
            raise ReportError(_("Please choose a month.")) from None
    if not isinstance(month, datetime.date):
        raise ReportError(_("Please choose a month."))
    return month.replace(day=1)


@transaction.atomic
def record_monthly_report(
    profile: EntrepreneurProfile,
    *,
    by: User,
    month: datetime.date | str,
    revenue: int,
    costs: int,
    workers: int = 0,
    notes: str = "",
) -> MonthlyReport:
    """One month's figures in whole Rupiah, by the entrepreneur or a current companion.

    A month already reported, a month still to come, negative or absurd amounts (above
    MAX_RUPIAH) raise ReportError and change nothing.
    """
    _require_owner_or_companion(by, profile)
    month = _first_of_month(month)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ReportError(_("You cannot report a month that has not started yet."))
    if month.year < 2000:
        raise ReportError(_("Please choose a recent month."))
    try:
        revenue = _clean_amount(revenue, label=_("Revenue"))
        costs = _clean_amount(costs, label=_("Costs"))
    except IncubatorError as exc:
        raise ReportError(str(exc)) from None
    try:
        workers = int(workers or 0)
    except (TypeError, ValueError):
        raise ReportError(_("The number of workers must be a whole number.")) from None
    if not 0 <= workers <= MAX_WORKERS:
        raise ReportError(_("Please check the number of workers."))
    if MonthlyReport.objects.filter(profile=profile, month=month).exists():
        raise ReportError(_("A report for this month already exists."))
    try:
        with transaction.atomic():
            report = MonthlyReport.objects.create(
                profile=profile,
                month=month,
                revenue=revenue,
                costs=costs,
                workers=workers,
                notes=(notes or "").strip(),
                entered_by=by,
            )
    except IntegrityError:
        raise ReportError(_("A report for this month already exists.")) from None
    _touch(profile)
    return report


@transaction.atomic
def verify_monthly_report(report: MonthlyReport, *, by: User) -> MonthlyReport:
    """The business mentor confirms a month's figures (the graduation rule counts only these)."""
    report = MonthlyReport.objects.select_for_update().select_related("profile").get(pk=report.pk)
    _require_business_mentor(by, report.profile)
    if report.verified_at is not None:
        raise ReportError(_("This report is already verified."))
    report.verified_at = timezone.now()
    report.verified_by = by
    report.save(update_fields=["verified_at", "verified_by", "updated_at"])
    _notify(report.profile.user_id, "incubator.report_verified", report=report.pk)
    return report


# ---------------------------------------------------------------- promotion


@dataclass
class Eligibility:
    """Whether an entrepreneur may move up, and what is still missing."""

    eligible: bool
    missing: list[MilestoneTemplate] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    average_profit: int | None = None
    threshold: int | None = None


def current_threshold(regency_id: int, on: datetime.date | None = None) -> IncomeThreshold | None:
    on = on or timezone.localdate()
    return (
        IncomeThreshold.objects.filter(regency_id=regency_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def promotion_eligibility(profile: EntrepreneurProfile) -> Eligibility:
    """Every required, active template of the current tier verified; from Advanced also the income
    rule: the average profit of the last 3 verified monthly reports at or above the regency's
    current threshold (UMK)."""
    if profile.tier == Tier.GRADUATED:
        return Eligibility(False, reasons=[_("Already graduated.")])
    verified = Milestone.objects.filter(profile=profile, status=MilestoneStatus.VERIFIED).values(
        "template_id"
    )
    missing = list(
        MilestoneTemplate.objects.filter(tier=profile.tier, is_required=True, is_active=True)
        .exclude(pk__in=verified)
        .order_by("order")
    )
    result = Eligibility(eligible=True, missing=missing)
    if missing:
        result.reasons.append(
            _("%(n)d required milestone(s) of this tier are not verified yet.") % {"n": len(missing)}
        )
    if profile.tier == Tier.ADVANCED:
        last = list(
            MonthlyReport.objects.filter(profile=profile, verified_at__isnull=False)
            .order_by("-month")
            .values_list("pk", flat=True)[:GRADUATION_REPORTS]
        )
        threshold = current_threshold(profile.regency_id)
        result.threshold = threshold.monthly_amount if threshold else None
        if len(last) < GRADUATION_REPORTS:
            result.reasons.append(
                _("Graduation needs %(n)d verified monthly reports; there are %(have)d.")
                % {"n": GRADUATION_REPORTS, "have": len(last)}
            )
        else:
            average = MonthlyReport.objects.filter(pk__in=last).aggregate(avg=Avg("profit"))["avg"]
            result.average_profit = round(average)
        if threshold is None:
            result.reasons.append(_("No income threshold (UMK) is set for this regency or city yet."))
        elif result.average_profit is not None and result.average_profit < threshold.monthly_amount:
            result.reasons.append(
                _("Average monthly profit (Rp %(avg)s) is below the regional threshold (Rp %(umk)s).")
                % {
                    "avg": f"{result.average_profit:,}".replace(",", "."),
                    "umk": f"{threshold.monthly_amount:,}".replace(",", "."),
                }
            )
    result.eligible = not result.reasons
    return result


@transaction.atomic
def recommend_promotion(profile: EntrepreneurProfile, *, by: User, note: str = "") -> PromotionRequest:
    """The business mentor proposes moving the entrepreneur up; one pending request at a time."""
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    _require_business_mentor(by, profile)
    if PromotionRequest.objects.filter(profile=profile, status=PromotionRequest.Status.PENDING).exists():
        raise PromotionError(_("A promotion is already waiting for a program manager's decision."))
    eligibility = promotion_eligibility(profile)
    if not eligibility.eligible:
        raise PromotionError(" ".join([_("Not eligible yet."), *eligibility.reasons]))
    try:
        with transaction.atomic():
            request = PromotionRequest.objects.create(
                profile=profile,
                from_tier=profile.tier,
                to_tier=next_tier(profile.tier),
                recommended_by=by,
                note=(note or "").strip(),
            )
    except IntegrityError:
        raise PromotionError(_("A promotion is already waiting for a program manager's decision.")) from None
    _notify(profile.user_id, "incubator.promotion_recommended", request=request.pk)
    return request


def _lock_pending(request: PromotionRequest) -> tuple[PromotionRequest, EntrepreneurProfile]:
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=request.profile_id)
    request = PromotionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PromotionRequest.Status.PENDING:
        raise PromotionError(_("This promotion was already decided."))
    return request, profile


def _decide(request: PromotionRequest, status: str, *, by: User, reason: str = "") -> None:
    """Conditional update: even without row locks (SQLite), only one decision can win."""
    now = timezone.now()
    won = PromotionRequest.objects.filter(pk=request.pk, status=PromotionRequest.Status.PENDING).update(
        status=status, decided_by=by, decided_at=now, decision_reason=reason, updated_at=now
    )
    if not won:
        raise PromotionError(_("This promotion was already decided."))
    request.status, request.decided_by, request.decided_at, request.decision_reason = status, by, now, reason


@transaction.atomic
def approve_promotion(request: PromotionRequest, *, by: User) -> TierChange:
    """A program manager moves the entrepreneur up one tier (Advanced → graduated).

    Locks the profile and the request, re-checks eligibility, writes the TierChange and creates
    the next tier's milestones. A request already decided raises PromotionError ("already decided").
    """
    _require_manager(by)
    request, profile = _lock_pending(request)
    if profile.tier != request.from_tier:
        raise PromotionError(_("The entrepreneur is no longer in the tier this request was made for."))
    eligibility = promotion_eligibility(profile)
    if not eligibility.eligible:
        raise PromotionError(" ".join([_("Not eligible any more."), *eligibility.reasons]))
    _decide(request, PromotionRequest.Status.APPROVED, by=by)
    now = timezone.now()
    profile.tier = request.to_tier
    profile.tier_since = now
    profile.save(update_fields=["tier", "tier_since", "updated_at"])
    change = TierChange.objects.create(
        profile=profile,
        from_tier=request.from_tier,
        to_tier=request.to_tier,
        changed_at=now,
        changed_by=by,
        promotion=request,
    )
    if profile.tier != Tier.GRADUATED:
        _create_tier_milestones(profile, profile.tier)
    event = {"request": request.pk, "tier": profile.tier, "tier_label": str(Tier(profile.tier).label)}
    _notify(profile.user_id, "incubator.promoted", **event)
    _notify(request.recommended_by_id, "incubator.promotion_decided", status=request.status, **event)
    return change


@transaction.atomic
def decline_promotion(request: PromotionRequest, *, by: User, reason: str) -> PromotionRequest:
    """A program manager declines a recommendation, with a reason the mentor and entrepreneur see."""
    _require_manager(by)
    reason = (reason or "").strip()
    if not reason:
        raise PromotionError(_("Please give a reason for declining."))
    request, _profile = _lock_pending(request)
    _decide(request, PromotionRequest.Status.DECLINED, by=by, reason=reason)
    _notify(
        request.recommended_by_id, "incubator.promotion_decided", request=request.pk, status=request.status
    )
    _notify(request.profile.user_id, "incubator.promotion_declined", request=request.pk)
    return request


# ---------------------------------------------------------------- assistance (BSiMU)


def _assistance_event(assistance: Assistance, from_status: str, *, by: User, note: str = "") -> None:
    AssistanceEvent.objects.create(
        assistance=assistance, from_status=from_status, to_status=assistance.status, actor=by, note=note
    )


def _lock_assistance(assistance: Assistance, allowed_from: Iterable[str]) -> Assistance:
    assistance = Assistance.objects.select_for_update().select_related("profile").get(pk=assistance.pk)
    if assistance.status not in allowed_from:
        raise AssistanceError(
            _("This assistance is %(status)s; that step is not possible.")
            % {"status": assistance.get_status_display()}
        )
    return assistance


@transaction.atomic
def plan_assistance(
    profile: EntrepreneurProfile, *, by: User, kind: str, plan_item: str, amount: int, description: str = ""
) -> Assistance:
    """Record planned assistance (cash or goods) against a business-plan item. Managers only."""
    _require_manager(by)
    if kind not in Assistance.Kind.values:
        raise AssistanceError(_("Please choose cash or goods."))
    plan_item = (plan_item or "").strip()
    if not plan_item:
        raise AssistanceError(_("Please name the business-plan item."))
    try:
        amount = _clean_amount(amount, label=_("The amount"), allow_zero=False)
    except IncubatorError as exc:
        raise AssistanceError(str(exc)) from None
    if profile.tier == Tier.GRADUATED:
        raise AssistanceError(_("This entrepreneur has graduated."))
    assistance = Assistance.objects.create(
        profile=profile,
        kind=kind,
        plan_item=plan_item[:200],
        description=(description or "").strip(),
        amount=amount,
        tier=profile.tier,
        recorded_by=by,
    )
    _assistance_event(assistance, "", by=by)
    return assistance


@transaction.atomic
def approve_assistance(assistance: Assistance, *, by: User) -> Assistance:
    _require_manager(by)
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED])
    assistance.status = Assistance.Status.APPROVED
    assistance.approved_at = timezone.now()
    assistance.approved_by = by
    assistance.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    _assistance_event(assistance, Assistance.Status.PLANNED, by=by)
    return assistance


@transaction.atomic
def deliver_assistance(assistance: Assistance, *, by: User, delivered_on: datetime.date, proof) -> Assistance:
    """Approved assistance was handed over: the date (not in the future) and a proof-of-receipt photo."""
    _require_manager(by)
    assistance = _lock_assistance(assistance, [Assistance.Status.APPROVED])
    if not isinstance(delivered_on, datetime.date):
        raise AssistanceError(_("Please enter the delivery date."))
    if delivered_on > timezone.localdate():
        raise AssistanceError(_("The delivery date cannot be in the future."))
    if not proof:
        raise AssistanceError(_("Please add a photo of the proof of receipt."))
    processed = clean_photo(proof)
    assistance.status = Assistance.Status.DELIVERED
    assistance.delivered_on = delivered_on
    assistance.proof_of_receipt.save(processed.image.name, processed.image, save=False)
    assistance.save()
    _assistance_event(assistance, Assistance.Status.APPROVED, by=by)
    _notify(assistance.profile.user_id, "incubator.assistance_delivered", assistance=assistance.pk)
    return assistance


@transaction.atomic
def cancel_assistance(assistance: Assistance, *, by: User, reason: str) -> Assistance:
    _require_manager(by)
    reason = (reason or "").strip()
    if not reason:
        raise AssistanceError(_("Please give a reason for cancelling."))
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED, Assistance.Status.APPROVED])
    from_status = assistance.status
    assistance.status = Assistance.Status.CANCELLED
    assistance.save(update_fields=["status", "updated_at"])
    _assistance_event(assistance, from_status, by=by, note=reason)
    return assistance
