"""The program report as flat rows (figure, group, value): for the admin table and CSV/XLSX export.

Each row keeps the figure twice: ``value``, the text shown on screen ("Rp 3.500.000", "50.0%"), and
``number`` with its ``unit`` (``count``, ``rupiah``, ``share`` as 0..1, ``days``, ``hours``,
``decimal``), which the exports write as real numbers (``workspace.report_export``).
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.money import format_rupiah
from incubator.models import WORKING_TIERS, ExitReason, Tier


def _tier(value: str) -> str:
    return str(Tier(value).label)


UNITS = ("count", "rupiah", "share", "days", "hours", "decimal")


def _grouped(value: Any, places: int | None = None) -> str:
    return number_format(value, places, force_grouping=True)


def display_number(value: Any, unit: str) -> Any:
    """The figure as the reader writes numbers, thousands grouped (Indonesian: ``1.234``, ``50,0%``,
    ``1.234,5``; English: ``1,234``, ``50.0%``, ``1,234.5``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if unit == "rupiah":
        return format_rupiah(value, empty="—")
    if unit == "share":
        return f"{_grouped(value * 100, 1)}%"
    if unit in ("days", "hours"):
        return _grouped(value, 1)
    if unit == "decimal":
        return _grouped(value, 2)
    return _grouped(value, 0 if isinstance(value, int) else None)


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(section: str, label: str, value: Any, unit: str = "count", *, number: Any = None) -> None:
        """``value`` is the figure (a number, or the text to show when ``number`` is given)."""
        if number is None and isinstance(value, int | float) and not isinstance(value, bool):
            number = value
        shown = "—" if value is None else display_number(value, unit)
        rows.append({"section": section, "label": label, "value": shown, "number": number, "unit": unit})

    people = report["participants"]
    add(_("Participants"), _("All"), people["total"])
    for tier, count in people["by_tier"].items():
        add(_("Participants per tier"), _tier(tier), count)
    placement = report["placement"]
    for tier, count in placement["by_tier"].items():
        add(_("Placement at intake (starting group)"), _tier(tier), count)
    add(_("Placement at intake (starting group)"), _("Suggested group overridden"), placement["overridden"])
    for tier, gap in report["umk_distance_by_tier"].items():
        add(_("Median distance to UMK (positive: below the UMK)"), _tier(tier), gap, "rupiah")
    no_cohort = _("No cohort")
    for cohort in people["by_cohort"]:
        for tier, count in cohort["by_tier"].items():
            add(_("Participants per cohort"), f"{cohort['cohort'] or no_cohort} · {_tier(tier)}", count)
    for month in report["tier_changes_by_month"]:
        add(_("Promotions per month"), month["month"], month["promotions"])
    for month in report["tier_changes_by_month"]:
        add(_("Graduations per month"), month["month"], month["graduations"])
    for tier in WORKING_TIERS:
        add(_("Median days in tier"), _tier(tier), report["median_days_in_tier"][tier], "days")
    milestones = report["milestones"]
    add(_("Milestones"), _("Submitted"), milestones["submitted"])
    add(_("Milestones"), _("Verified"), milestones["verified"])
    add(_("Milestones"), _("Waiting for review"), milestones["waiting"])
    add(_("Milestones"), _("Verification rate"), milestones["verification_rate"], "share")
    add(_("Milestones"), _("Median review time (hours)"), milestones["median_review_hours"], "hours")
    for tier in WORKING_TIERS:
        delivered = report["assistance_delivered"][tier]
        add(_("Assistance delivered (count)"), _tier(tier), delivered["count"])
        add(_("Assistance delivered (amount)"), _tier(tier), delivered["amount"], "rupiah")
    change = report["revenue_change"]
    add(_("Monthly revenue since enrolment"), _("Entrepreneurs with 2+ reports"), change["profiles"])
    add(_("Monthly revenue since enrolment"), _("Median change"), change["median_change"], "rupiah")
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
            f"{_grouped(at_umk)} / {_grouped(checked)}" if checked else None,
            number=at_umk if checked else None,
        )
        add(_("Graduation watch"), _("Reported after %(n)d months") % {"n": months}, checked)
    for reason, n in report["exits"]["by_reason"].items():
        add(_("Exits (left the program)"), str(ExitReason(reason).label), n)


def _complaint_rows(add, complaints: dict[str, Any]) -> None:
    from complaints.models import Category, Status

    for category, count in complaints["by_category"].items():
        add(_("Complaints per category"), str(Category(category).label), count)
    for status, count in complaints["by_status"].items():
        add(_("Complaints per status"), str(Status(status).label), count)
    add(_("Complaints"), _("Open"), complaints["open"])
    add(_("Complaints"), _("Overdue"), complaints["overdue"])
    add(
        _("Complaints"),
        _("Median time to resolution (hours)"),
        complaints["median_resolution_hours"],
        "hours",
    )
    add(_("Complaints"), _("Resolved within target"), complaints["share_resolved_within_target"], "share")


def _visit_rows(add, visits: dict[str, Any]) -> None:
    for row in visits["per_companion_month"]:
        add(_("Field visits per companion per month"), f"{row['companion']} · {row['month']}", row["visits"])
    add(
        _("Field visits"),
        _("Average per companion per month"),
        visits["average_per_companion_month"],
        "decimal",
    )
    recent = visits["visited_last_30_days"]
    share = number = None
    if recent["percentage"] is not None:
        share = (
            f"{_grouped(recent['percentage'], 1)}% "
            f"({_grouped(recent['numerator'])}/{_grouped(recent['denominator'])})"
        )
        number = recent["percentage"] / 100
    add(_("Field visits"), _("Participants visited in the last 30 days"), share, "share", number=number)
