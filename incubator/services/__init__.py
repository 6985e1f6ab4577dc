"""The incubator's rules: enrolment, companions, milestones, reports, promotions and assistance.

Every public function is one transaction that checks who is acting inside it, writes a history
row for each state change, and tells the people concerned after commit
(``core.notifications.push``). Errors are ``incubator.errors`` exceptions whose message can be
shown to the person who acted.

Decisions recorded here:
- The **business mentor** (current assignment with role ``mentor``) reviews milestones, verifies
  monthly reports and recommends promotions. The social companion supports and may submit evidence
  or enter a report on the entrepreneur's behalf (recorded as such), but does not verify.
- Assisted use: a current companion may register a person in their area
  (``register_assisted_entrepreneur``), edit their business profile, submit evidence and enter or
  correct monthly figures for them. Every such write records who acted and for whom
  (``ProfileChange``, ``MonthlyReportEvent``, ``MilestoneEvent.on_behalf_of``); the entrepreneur
  sees it marked and can correct it (their own edit, ``correct_monthly_report``,
  ``withdraw_evidence``).
- Program managers (and superusers) assign companions, decide promotions and record assistance.
"""

from __future__ import annotations

from incubator.errors import IncubatorError, NotAllowed
from incubator.services._common import (
    GRADUATION_REPORTS,
    MAX_PHOTOS,
    MAX_WORKERS,
    bump_dashboard,
    recount_all_progress,
    recount_progress,
    recount_tiers,
    refresh_dashboards_showing,
    refresh_progress,
)
from incubator.services.assistance import (
    add_plan_line,
    approve_assistance,
    cancel_assistance,
    confirm_receipt,
    deliver_assistance,
    plan_assistance,
    set_budget,
    write_business_plan,
)
from incubator.services.companions import (
    add_companion,
    assign_companion,
    assign_companion_to_many,
    companion_regions,
    end_assignment,
    update_companion,
)
from incubator.services.enrolment import (
    PROFILE_FIELDS,
    enrol_registry_participant,
    enroll_entrepreneur,
    register_assisted_entrepreneur,
    update_business_profile,
)
from incubator.services.graduation import (
    graduation_eligibility,
    re_enter,
    recommend_graduation,
    record_exit,
    reopen_support,
)
from incubator.services.milestones import (
    complete_automatic_milestones,
    complete_milestone_by_course,
    course_finished,
    request_changes,
    submit_evidence,
    verify_milestone,
    withdraw_evidence,
)
from incubator.services.placement import (
    confirm_placement,
    placement_thresholds,
    record_intake_assessment,
    suggest_tier,
)
from incubator.services.program import delete_milestone_template, save_milestone_template
from incubator.services.promotion import (
    Eligibility,
    approve_promotion,
    current_threshold,
    decline_promotion,
    eligibility_for,
    mark_promotion_celebrated,
    promotion_eligibility,
    recommend_promotion,
)
from incubator.services.reports import (
    correct_monthly_report,
    record_monthly_report,
    verify_monthly_report,
)

__all__ = [
    "GRADUATION_REPORTS",
    "MAX_PHOTOS",
    "MAX_WORKERS",
    "PROFILE_FIELDS",
    "Eligibility",
    "IncubatorError",
    "NotAllowed",
    "add_companion",
    "add_plan_line",
    "approve_assistance",
    "approve_promotion",
    "assign_companion",
    "assign_companion_to_many",
    "bump_dashboard",
    "cancel_assistance",
    "companion_regions",
    "complete_automatic_milestones",
    "complete_milestone_by_course",
    "confirm_placement",
    "confirm_receipt",
    "correct_monthly_report",
    "course_finished",
    "current_threshold",
    "decline_promotion",
    "delete_milestone_template",
    "deliver_assistance",
    "eligibility_for",
    "end_assignment",
    "enrol_registry_participant",
    "enroll_entrepreneur",
    "graduation_eligibility",
    "mark_promotion_celebrated",
    "placement_thresholds",
    "plan_assistance",
    "promotion_eligibility",
    "re_enter",
    "recommend_graduation",
    "recommend_promotion",
    "record_exit",
    "record_intake_assessment",
    "record_monthly_report",
    "recount_all_progress",
    "recount_progress",
    "recount_tiers",
    "refresh_dashboards_showing",
    "refresh_progress",
    "register_assisted_entrepreneur",
    "reopen_support",
    "request_changes",
    "save_milestone_template",
    "set_budget",
    "submit_evidence",
    "suggest_tier",
    "update_business_profile",
    "update_companion",
    "verify_milestone",
    "verify_monthly_report",
    "withdraw_evidence",
    "write_business_plan",
]
