"""The program report as flat rows (figure, group, value): for the admin table and CSV/XLSX export."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.money import format_rupiah
from incubator.models import WORKING_TIERS, ExitReason, Tier


def _tier(value: str) -> str:
    return str(Tier(value).label)


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(section: str, label: str, value: Any) -> None:
        rows.append({"section": section, "label": label, "value": "—" if value is None else value})

    people = report["participants"]
    add(_("Participants"), _("All"), people["total"])
    for tier, count in people["by_tier"].items():
        add(_("Participants per tier"), _tier(tier), count)
    no_cohort = _("No cohort")
    for cohort in people["by_cohort"]:
        for tier, count in cohort["by_tier"].items():
            add(_("Participants per cohort"), f"{cohort['cohort'] or no_cohort} · {_tier(tier)}", count)
    for month in report["tier_changes_by_month"]:
        add(_("Promotions per month"), month["month"], month["promotions"])
    for month in report["tier_changes_by_month"]:
        add(_("Graduations per month"), month["month"], month["graduations"])
    for tier in WORKING_TIERS:
        add(_("Median days in tier"), _tier(tier), report["median_days_in_tier"][tier])
    milestones = report["milestones"]
    add(_("Milestones"), _("Submitted"), milestones["submitted"])
    add(_("Milestones"), _("Verified"), milestones["verified"])
    add(_("Milestones"), _("Waiting for review"), milestones["waiting"])
    rate = milestones["verification_rate"]
    add(_("Milestones"), _("Verification rate"), None if rate is None else f"{rate * 100:.1f}%")
    add(_("Milestones"), _("Median review time (hours)"), milestones["median_review_hours"])
    for tier in WORKING_TIERS:
        delivered = report["assistance_delivered"][tier]
        add(_("Assistance delivered (count)"), _tier(tier), delivered["count"])
        add(_("Assistance delivered (amount)"), _tier(tier), format_rupiah(delivered["amount"], empty="—"))
    change = report["revenue_change"]
    add(_("Monthly revenue since enrolment"), _("Entrepreneurs with 2+ reports"), change["profiles"])
    add(
        _("Monthly revenue since enrolment"),
        _("Median change"),
        None if change["median_change"] is None else format_rupiah(change["median_change"], empty="—"),
    )
    _complaint_rows(add, report["complaints"])
    _visit_rows(add, report["visits"])
    _family_rows(add, report)
    return rows


def _family_rows(add, report: dict[str, Any]) -> None:
    watch = report["graduation_watch"]
    add(_("Graduation watch"), _("Graduates"), watch["graduates"])
    for months in (6, 12):
        checked, at_umk = watch[f"checked_{months}_months"], watch[f"at_umk_{months}_months"]
        add(
            _("Graduation watch"),
            _("At or above UMK after %(n)d months") % {"n": months},
            f"{at_umk} / {checked}" if checked else None,
        )
    for reason, n in report["exits"]["by_reason"].items():
        add(_("Exits (left the program)"), str(ExitReason(reason).label), n)


def _share(value: float | None) -> str | None:
    return None if value is None else f"{value * 100:.1f}%"


def _complaint_rows(add, complaints: dict[str, Any]) -> None:
    from complaints.models import Category, Status

    for category, count in complaints["by_category"].items():
        add(_("Complaints per category"), str(Category(category).label), count)
    for status, count in complaints["by_status"].items():
        add(_("Complaints per status"), str(Status(status).label), count)
    add(_("Complaints"), _("Open"), complaints["open"])
    add(_("Complaints"), _("Overdue"), complaints["overdue"])
    add(_("Complaints"), _("Median time to resolution (hours)"), complaints["median_resolution_hours"])
    add(_("Complaints"), _("Resolved within target"), _share(complaints["share_resolved_within_target"]))


def _visit_rows(add, visits: dict[str, Any]) -> None:
    for row in visits["per_companion_month"]:
        add(_("Field visits per companion per month"), f"{row['companion']} · {row['month']}", row["visits"])
    add(_("Field visits"), _("Average per companion per month"), visits["average_per_companion_month"])
    recent = visits["visited_last_30_days"]
    share = None
    if recent["percentage"] is not None:
        share = f"{recent['percentage']:.1f}% ({recent['numerator']}/{recent['denominator']})"
    add(_("Field visits"), _("Participants visited in the last 30 days"), share)
