"""Milestones: evidence, review and course completion."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import (
    EvidenceError,
    IncubatorError,
    MilestoneError,
)
from incubator.images import clean_photo
from incubator.models import (
    AWAITING_REVIEW,
    AutoRule,
    CompanionRole,
    EntrepreneurProfile,
    EvidencePhoto,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
)
from incubator.services._common import (
    MAX_PHOTOS,
    clean_amount,
    current_assignments,
    notify,
    refresh_progress,
    require_business_mentor,
    require_owner_or_companion,
    required_text,
    touch,
)


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
    client_key: uuid.UUID | None = None,
) -> Milestone:
    """Hand in the evidence of a milestone for the business mentor's review.

    By the entrepreneur, or a current companion on their behalf (recorded in ``on_behalf_of``).
    Allowed from not started or changes requested, in the current tier; the status becomes
    submitted or resubmitted and the version goes up by one. Photos are decoded and re-encoded
    without EXIF (``core.images``). A repeated POST finds the milestone already submitted (or
    a different ``expected_version``) and raises MilestoneError, changing nothing.

    Idempotent on ``client_key`` (the form page's hidden key, replayed by the offline outbox): the
    same key again from the same person for this milestone returns the milestone as it is now and
    changes nothing, even after a review. The milestone lock makes two sends of one form wait
    for each other.
    """
    milestone = (
        Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
    )
    profile, template = milestone.profile, milestone.template
    require_owner_or_companion(by, profile)
    if client_key is not None:
        earlier = MilestoneEvent.objects.filter(actor=by, client_key=client_key).first()
        if earlier is not None:
            if earlier.milestone_id != milestone.pk:
                raise MilestoneError(_("This form was already used. Open the milestone again."))
            return milestone
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
        label = template.display_amount_label or _("the amount")
        try:
            amount = clean_amount(amount, label=label)
        except IncubatorError as exc:
            raise EvidenceError(str(exc)) from None
    elif amount not in (None, ""):
        try:
            amount = clean_amount(amount, label=_("the amount"))
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
    try:
        with transaction.atomic():
            _milestone_event(
                milestone,
                from_status,
                by=by,
                comment=text[:500],
                on_behalf_of=on_behalf,
                client_key=client_key,
            )
    except IntegrityError:  # the key was used meanwhile on another milestone: nothing is kept
        raise MilestoneError(_("This form was already used. Open the milestone again.")) from None
    touch(profile)
    mentor = current_assignments(profile, CompanionRole.MENTOR).values_list("companion_id", flat=True).first()
    notify(
        mentor,
        "incubator.submitted",
        milestone=milestone.pk,
        business=profile.business_name,
        title=template.title,
        url=reverse("incubator:review_milestone", args=[milestone.pk]),
    )
    return milestone


@transaction.atomic
def withdraw_evidence(milestone: Milestone, *, by: User, expected_version: int) -> Milestone:
    """Take back a submission still waiting for review, e.g. evidence a companion sent for you.

    By the entrepreneur or a current companion. Locks the milestone; allowed only while the
    submission ``expected_version`` awaits review (a review or newer submission that got there
    first raises MilestoneError). The status returns to where it was before the submission (not
    started, or changes requested), the evidence stays as a draft to correct and send again.
    """
    milestone = (
        Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
    )
    require_owner_or_companion(by, milestone.profile)
    if milestone.status not in AWAITING_REVIEW or milestone.version != expected_version:
        raise MilestoneError(_("This submission is no longer waiting for review; it cannot be withdrawn."))
    from_status = milestone.status
    milestone.status = (
        MilestoneStatus.CHANGES_REQUESTED
        if from_status == MilestoneStatus.RESUBMITTED
        else MilestoneStatus.NOT_STARTED
    )
    milestone.save(update_fields=["status", "updated_at"])
    on_behalf = milestone.profile.user if by.pk != milestone.profile.user_id else None
    _milestone_event(
        milestone, from_status, by=by, comment=_("Submission withdrawn."), on_behalf_of=on_behalf
    )
    touch(milestone.profile)
    return milestone


def _lock_for_review(milestone: Milestone, by: User, expected_version: int) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update().select_related("template", "profile").get(pk=milestone.pk)
    )
    require_business_mentor(by, milestone.profile)
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
    notify(
        milestone.profile.user_id,
        "incubator.reviewed",
        milestone=milestone.pk,
        status=milestone.status,
        title=milestone.template.title,
        url=milestone.get_absolute_url(),
        comment=comment[:300],
        auto=by is None,
    )


@transaction.atomic
def verify_milestone(
    milestone: Milestone, *, by: User, comment: str = "", expected_version: int
) -> Milestone:
    """The business mentor accepts a submission. Stale or repeated reviews raise MilestoneError.

    Four eyes: a mentor never verifies evidence they submitted themselves on the entrepreneur's
    behalf (it counts towards promotion); the entrepreneur sends it again, or another companion
    entered it.
    """
    milestone = _lock_for_review(milestone, by, expected_version)
    if milestone.submitted_by_id == by.pk:
        raise MilestoneError(
            _(
                "You sent this evidence yourself on the entrepreneur's behalf, so someone else must "
                "confirm it: ask the entrepreneur to check it and send it again. Nothing was changed."
            )
        )
    from_status = milestone.status
    milestone.status = MilestoneStatus.VERIFIED
    _reviewed(milestone, from_status, by=by, comment=(comment or "").strip())
    refresh_progress([milestone.profile])
    return milestone


@transaction.atomic
def request_changes(milestone: Milestone, *, by: User, comment: str, expected_version: int) -> Milestone:
    """The business mentor sends a submission back with a comment saying what to change."""
    comment = required_text(comment, MilestoneError, _("Please write what should change."))
    milestone = _lock_for_review(milestone, by, expected_version)
    from_status = milestone.status
    milestone.status = MilestoneStatus.CHANGES_REQUESTED
    _reviewed(milestone, from_status, by=by, comment=comment)
    refresh_progress([milestone.profile])
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
    touch(profile)
    return milestone


def has_consecutive_verified_reports(profile: EntrepreneurProfile, months: int = 3) -> bool:
    """Whether ``months`` verified monthly reports follow one another without a gap (one query)."""
    run, previous = 0, None
    for month in (
        MonthlyReport.objects.filter(profile=profile, verified_at__isnull=False)
        .order_by("month")
        .values_list("month", flat=True)
    ):
        following = (
            previous is not None
            and (month.year * 12 + month.month) - (previous.year * 12 + previous.month) == 1
        )
        run = run + 1 if following else 1
        if run >= months:
            return True
        previous = month
    return False


@transaction.atomic
def complete_automatic_milestones(
    profile: EntrepreneurProfile, *, course_finished: bool = False
) -> list[Milestone]:
    """Verify (system actor) the open milestones of the current tier whose proof Tumbuh holds.

    Rules (``MilestoneTemplate.auto_rule``): three consecutive verified monthly reports; the first
    course finished (``course_finished``: the caller, the learning app, knows). Called after a report
    is verified, a course is finished and a tier's milestones are created. Idempotent.
    """
    open_ones = list(
        Milestone.objects.select_for_update()
        .select_related("template", "profile")
        .filter(profile=profile, tier=profile.tier, template__auto_rule__gt="")
        .exclude(status=MilestoneStatus.VERIFIED)
    )
    done = []
    reports_ok = None
    for milestone in open_ones:
        rule = milestone.template.auto_rule
        if rule == AutoRule.THREE_VERIFIED_REPORTS:
            if reports_ok is None:
                reports_ok = has_consecutive_verified_reports(profile)
            if not reports_ok:
                continue
            comment = _("Verified automatically: three consecutive monthly reports are verified.")
        elif rule == AutoRule.FIRST_COURSE and course_finished:
            comment = _("Verified automatically: a course was finished.")
        else:
            continue
        from_status = milestone.status
        milestone.status = MilestoneStatus.VERIFIED
        _reviewed(milestone, from_status, by=None, comment=comment)
        done.append(milestone)
    if done:
        touch(profile)
    return done


def course_finished(*, user: User) -> list[Milestone]:
    """The learning app says ``user`` finished a course: milestones asking for that complete."""
    profile = EntrepreneurProfile.objects.filter(user=user).first()
    if profile is None:
        return []
    return complete_automatic_milestones(profile, course_finished=True)
