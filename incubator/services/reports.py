"""Monthly business reports."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import (
    IncubatorError,
    ReportError,
)
from incubator.models import (
    EntrepreneurProfile,
    MonthlyReport,
)
from incubator.services._common import (
    MAX_WORKERS,
    clean_amount,
    notify,
    require_business_mentor,
    require_owner_or_companion,
    touch,
)


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
    require_owner_or_companion(by, profile)
    month = _first_of_month(month)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ReportError(_("You cannot report a month that has not started yet."))
    if month.year < 2000:
        raise ReportError(_("Please choose a recent month."))
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
    touch(profile)
    return report


@transaction.atomic
def verify_monthly_report(report: MonthlyReport, *, by: User) -> MonthlyReport:
    """The business mentor confirms a month's figures (the graduation rule counts only these)."""
    report = MonthlyReport.objects.select_for_update().select_related("profile").get(pk=report.pk)
    require_business_mentor(by, report.profile)
    if report.verified_at is not None:
        raise ReportError(_("This report is already verified."))
    report.verified_at = timezone.now()
    report.verified_by = by
    report.save(update_fields=["verified_at", "verified_by", "updated_at"])
    notify(report.profile.user_id, "incubator.report_verified", report=report.pk)
    return report
