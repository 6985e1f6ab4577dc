"""Monthly business reports."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import (
    IncubatorError,
    ReportError,
)
from incubator.models import (
    CompanionRole,
    EntrepreneurProfile,
    MonthlyReport,
    MonthlyReportEvent,
)
from incubator.services._common import (
    MAX_WORKERS,
    clean_amount,
    current_assignments,
    notify,
    refresh_progress,
    require_business_mentor,
    require_owner_or_companion,
    touch,
)
from incubator.services.graduation import graduation_check_in
from incubator.services.milestones import complete_automatic_milestones


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
    client_key: uuid.UUID | None = None,
) -> MonthlyReport:
    """One month's figures in whole Rupiah, by the entrepreneur or a current companion.

    A month already reported, a month still to come, negative or absurd amounts (above
    MAX_RUPIAH) raise ReportError and change nothing.

    Idempotent on ``client_key`` (the form page's hidden key, replayed by the offline outbox): the
    same key again for this entrepreneur returns the report already recorded and changes nothing;
    two sends at the same moment meet at the one-report-per-month constraint, and the second then
    finds the first's report.
    """
    require_owner_or_companion(by, profile)
    if client_key is not None:
        earlier = MonthlyReport.objects.filter(profile=profile, client_key=client_key).first()
        if earlier is not None:
            return earlier
    month = _first_of_month(month)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ReportError(_("You cannot report a month that has not started yet."))
    if month.year < 2000:
        raise ReportError(_("Please choose a recent month."))
    revenue, costs, workers = _clean_figures(revenue, costs, workers)
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
                client_key=client_key,
            )
    except IntegrityError:
        earlier = (
            MonthlyReport.objects.filter(profile=profile, client_key=client_key).first()
            if client_key
            else None
        )
        if earlier is not None:
            return earlier
        raise ReportError(_("A report for this month already exists.")) from None
    _report_event(report, MonthlyReportEvent.Action.ENTERED, by=by)
    touch(profile)
    graduation_check_in(report)
    return report


def _clean_figures(revenue, costs, workers) -> tuple[int, int, int]:
    try:
        revenue = clean_amount(revenue, label=_("Revenue"))
        costs = clean_amount(costs, label=_("Costs"))
    except IncubatorError as exc:
        raise ReportError(str(exc)) from None
    try:
        workers = int(workers or 0)
    except (TypeError, ValueError):
        raise ReportError(_("The number of workers must be a whole number.")) from None
    if not 0 <= workers <= MAX_WORKERS:
        raise ReportError(_("Please check the number of workers."))
    return revenue, costs, workers


def _report_event(report: MonthlyReport, action: str, *, by: User, fields=(), note: str = ""):
    """A history row; ``on_behalf_of`` is the entrepreneur when someone else entered or corrected
    their figures for them. A verification is the mentor's own decision, never done "on behalf of"."""
    for_them = by.pk != report.profile.user_id and action in (
        MonthlyReportEvent.Action.ENTERED,
        MonthlyReportEvent.Action.CORRECTED,
    )
    return MonthlyReportEvent.objects.create(
        report=report,
        action=action,
        fields=list(fields),
        actor=by,
        on_behalf_of_id=report.profile.user_id if for_them else None,
        note=note,
    )


@transaction.atomic
def correct_monthly_report(
    report: MonthlyReport,
    *,
    by: User,
    revenue: int,
    costs: int,
    workers: int = 0,
    notes: str = "",
) -> MonthlyReport:
    """Correct a month's figures: the entrepreneur (e.g. what a companion entered for them) or a
    current companion. The month itself does not change.

    Locks the report. A correction of a verified report removes the verification (the business
    mentor checks the new figures) and says so in the history. Nothing changed → no history row,
    except when the entrepreneur confirms unchanged figures someone else entered for them (recorded,
    so the mentor who entered them is no longer the last hand and another may verify).
    """
    report = MonthlyReport.objects.select_for_update().select_related("profile").get(pk=report.pk)
    require_owner_or_companion(by, report.profile)
    revenue, costs, workers = _clean_figures(revenue, costs, workers)
    new = {"revenue": revenue, "costs": costs, "workers": workers, "notes": (notes or "").strip()}
    changed = [name for name, value in new.items() if getattr(report, name) != value]
    if not changed:
        entered_for_them = (report.corrected_by_id or report.entered_by_id) != by.pk
        if by.pk == report.profile.user_id and entered_for_them and report.verified_at is None:
            # The entrepreneur confirms figures entered for them: now the mentor may verify them.
            report.corrected_at = timezone.now()
            report.corrected_by = by
            report.save(update_fields=["corrected_at", "corrected_by", "updated_at"])
            _report_event(
                report,
                MonthlyReportEvent.Action.CORRECTED,
                by=by,
                note=_("Checked by the entrepreneur: the figures are right."),
            )
        return report
    for name in changed:
        setattr(report, name, new[name])
    was_verified = report.verified_at is not None
    report.verified_at = report.verified_by = None
    report.corrected_at = timezone.now()
    report.corrected_by = by
    report.save()
    report.refresh_from_db(fields=["profit"])
    _report_event(report, MonthlyReportEvent.Action.CORRECTED, by=by, fields=changed)
    if was_verified:
        _report_event(
            report,
            MonthlyReportEvent.Action.UNVERIFIED,
            by=by,
            note=_("The figures were corrected after verification; the business mentor checks them again."),
        )
        mentor = (
            current_assignments(report.profile, CompanionRole.MENTOR)
            .values_list("companion_id", flat=True)
            .first()
        )
        notify(
            mentor,
            "incubator.report_corrected",
            report=report.pk,
            business=report.profile.business_name,
            profile=report.profile_id,
            month=report.month.isoformat(),
        )
    touch(report.profile)
    graduation_check_in(report)
    return report


@transaction.atomic
def verify_monthly_report(report: MonthlyReport, *, by: User) -> MonthlyReport:
    """The business mentor confirms a month's figures (the graduation rule counts only these)."""
    report = MonthlyReport.objects.select_for_update().select_related("profile").get(pk=report.pk)
    require_business_mentor(by, report.profile)
    if report.verified_at is not None:
        raise ReportError(_("This report is already verified."))
    if (report.corrected_by_id or report.entered_by_id) == by.pk:
        # Four eyes: verified figures decide graduation; nobody verifies what they typed in.
        raise ReportError(
            _(
                "You entered these figures yourself, so someone else must confirm them: ask the "
                "entrepreneur to check them and correct them if needed. Nothing was changed."
            )
        )
    report.verified_at = timezone.now()
    report.verified_by = by
    report.save(update_fields=["verified_at", "verified_by", "updated_at"])
    _report_event(report, MonthlyReportEvent.Action.VERIFIED, by=by)
    refresh_progress([report.profile])
    notify(
        report.profile.user_id, "incubator.report_verified", report=report.pk, month=report.month.isoformat()
    )
    complete_automatic_milestones(report.profile)
    return report
