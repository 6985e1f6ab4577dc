"""The program report as flat rows (figure, group, value): for the admin table and CSV/XLSX export."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cms.workspace.selectors import rupiah
from incubator.models import WORKING_TIERS, Tier


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
        add(_("Assistance delivered (amount)"), _tier(tier), rupiah(delivered["amount"]))
    change = report["revenue_change"]
    add(_("Monthly revenue since enrolment"), _("Entrepreneurs with 2+ reports"), change["profiles"])
    add(
        _("Monthly revenue since enrolment"),
        _("Median change"),
        None if change["median_change"] is None else rupiah(change["median_change"]),
    )
    return rows
