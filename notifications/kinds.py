"""The kinds of inbox item: what each says (rendered in the reader's language when shown) and how
a domain event (``core.notifications.push``) becomes one.

A kind stores only codes and names in ``params``; labels such as a tier or a complaint status are
looked up at display time, so an item written while one person browsed in English reads in
Indonesian for a reader who uses Indonesian.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from complaints.models import Status as ComplaintStatus
from incubator.models import CompanionRole, Tier


@dataclass(frozen=True)
class Kind:
    name: str
    text: Any  # a lazy translatable string with %(param)s placeholders
    # params whose stored code is shown through a choices class's label (translated when shown)
    labels: dict[str, type[models.TextChoices]] = field(default_factory=dict)
    # Security messages go out on every channel the person has, whatever they opted out of.
    security: bool = False

    def render(self, params: dict[str, Any]) -> str:
        values = {key: value for key, value in params.items() if value is not None}
        for key, choices in self.labels.items():
            if key in values:
                with contextlib.suppress(ValueError):
                    values[key] = choices(values[key]).label
        try:
            return str(self.text) % _Defaults(values)
        except (TypeError, ValueError):  # a malformed stored item still shows something
            return str(self.text)


class _Defaults(dict):
    """Missing params render as an empty string instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("milestone_verified", _("Your milestone “%(title)s” was verified.")),
        Kind("milestone_auto_verified", _("Course completed: your milestone “%(title)s” was verified.")),
        Kind("milestone_changes", _("Your mentor asked for changes to “%(title)s”: %(comment)s")),
        Kind("evidence_submitted", _("%(business)s sent evidence for “%(title)s” to review.")),
        Kind("report_verified", _("Your monthly figures for %(month)s were verified.")),
        Kind(
            "report_corrected",
            _("%(business)s corrected verified figures for %(month)s; please check them again."),
        ),
        Kind(
            "promotion_recommended",
            _("Your mentor recommended you for the next tier: %(tier)s."),
            {"tier": Tier},
        ),
        Kind("promoted", _("Congratulations! You moved up to %(tier)s."), {"tier": Tier}),
        Kind("graduated", _("Congratulations! You graduated from the program.")),
        Kind("promotion_approved", _("Your recommendation for %(business)s was approved.")),
        Kind("promotion_declined_mentor", _("Your recommendation for %(business)s was declined: %(reason)s")),
        Kind("promotion_declined", _("The promotion was not approved this time: %(reason)s")),
        Kind("assistance_planned", _("Assistance was planned for you: %(plan_item)s.")),
        Kind("assistance_approved", _("Your assistance was approved: %(plan_item)s.")),
        Kind("assistance_delivered", _("Your assistance was recorded as delivered: %(plan_item)s.")),
        Kind(
            "complaint_update",
            _("News on your complaint %(number)s (now: %(status)s)."),
            {"status": ComplaintStatus},
        ),
        Kind("complaint_assigned", _("Complaint %(number)s was given to you.")),
        Kind("complaint_information", _("New information on complaint %(number)s.")),
        Kind("visit_logged", _("Your companion recorded a visit on %(date)s.")),
        Kind("session_logged", _("Your companion recorded a mentoring session on %(date)s.")),
        Kind("mentee_assigned", _("You now accompany %(business)s.")),
        Kind("companion_assigned", _("%(companion)s is now your %(role)s."), {"role": CompanionRole}),
        Kind("new_message", _("New message from %(sender)s: %(preview)s")),
        Kind("new_messages", _("%(count)s new messages from %(sender)s.")),
        Kind("security", _("Security notice: %(message)s"), security=True),
        # Reminders (notifications/reminders.py)
        Kind("reminder_figures_due", _("Please send your monthly figures for %(month)s.")),
        Kind(
            "reminder_figures_due_companion",
            _("%(business)s has not sent the monthly figures for %(month)s yet."),
        ),
        Kind(
            "reminder_evidence_waiting",
            _("Evidence from %(business)s for “%(title)s” has waited %(days)s days for a review."),
        ),
        Kind(
            "reminder_figures_waiting",
            _("The figures of %(business)s for %(month)s have waited %(days)s days to be verified."),
        ),
        Kind(
            "reminder_promotion_waiting",
            _("The promotion of %(business)s to %(tier)s has waited %(days)s days for a decision."),
            {"tier": Tier},
        ),
        Kind("reminder_complaint_due_soon", _("Complaint %(number)s is close to its target date (%(due)s).")),
        Kind("reminder_complaint_overdue", _("Complaint %(number)s is past its target date (%(due)s).")),
        Kind(
            "reminder_no_contact",
            _("No contact with %(business)s for %(days)s days: send a message or plan a visit."),
        ),
        Kind("reminder_visit_companion", _("Reminder: you visit %(business)s tomorrow (%(date)s).")),
        Kind("reminder_visit_family", _("Reminder: %(companion)s visits you tomorrow (%(date)s).")),
        Kind(
            "reminder_lessons_due",
            _("%(count)s lessons are due for a fact review: check their facts and approve them."),
        ),
    ]
}


@dataclass(frozen=True)
class Item:
    kind: str
    params: dict[str, Any]
    url: str = ""
    collapse_key: str = ""


def _url(name: str, *args: Any) -> str:
    try:
        with override(None):  # stored without a language prefix; the reader's prefix is not needed
            return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _reviewed(e: dict) -> Item | None:
    params = {"title": e.get("title", "")}
    if e.get("status") == "verified":
        return Item(
            "milestone_auto_verified" if e.get("auto") else "milestone_verified", params, e.get("url", "")
        )
    if e.get("status") == "changes_requested":
        return Item("milestone_changes", {**params, "comment": e.get("comment", "")}, e.get("url", ""))
    return None


def _promoted(e: dict) -> Item:
    if e.get("tier") == Tier.GRADUATED:
        return Item("graduated", {}, _url("incubator:portal_home"))
    return Item("promoted", {"tier": e.get("tier", "")}, _url("incubator:milestones"))


def _decided(e: dict) -> Item | None:
    url = _url("incubator:mentee_detail", e["profile"]) if e.get("profile") else ""
    if e.get("status") == "approved":
        return Item("promotion_approved", {"business": e.get("business", "")}, url)
    if e.get("status") == "declined":
        return Item(
            "promotion_declined_mentor",
            {"business": e.get("business", ""), "reason": e.get("reason", "")},
            url,
        )
    return None


def _message(e: dict) -> Item:
    conversation = e.get("conversation_id")
    return Item(
        "new_message",
        {"sender": e.get("sender_name", ""), "preview": e.get("preview", ""), "count": 1},
        _url("mentoring:conversation", conversation) if conversation else "",
        f"conversation:{conversation}",
    )


MAPPERS: dict[str, Callable[[dict], Item | None]] = {
    "incubator.reviewed": _reviewed,
    "incubator.submitted": lambda e: Item(
        "evidence_submitted",
        {"business": e.get("business", ""), "title": e.get("title", "")},
        e.get("url", ""),
    ),
    "incubator.report_verified": lambda e: Item(
        "report_verified", {"month": e.get("month", "")}, _url("incubator:reports")
    ),
    "incubator.report_corrected": lambda e: Item(
        "report_corrected",
        {"business": e.get("business", ""), "month": e.get("month", "")},
        _url("incubator:mentee_reports", e["profile"]) if e.get("profile") else "",
    ),
    "incubator.promotion_recommended": lambda e: Item(
        "promotion_recommended", {"tier": e.get("tier", "")}, _url("incubator:portal_home")
    ),
    "incubator.promoted": _promoted,
    "incubator.promotion_decided": _decided,
    "incubator.promotion_declined": lambda e: Item(
        "promotion_declined", {"reason": e.get("reason", "")}, _url("incubator:portal_home")
    ),
    "incubator.assistance_planned": lambda e: Item(
        "assistance_planned", {"plan_item": e.get("plan_item", "")}
    ),
    "incubator.assistance_approved": lambda e: Item(
        "assistance_approved", {"plan_item": e.get("plan_item", "")}
    ),
    "incubator.assistance_delivered": lambda e: Item(
        "assistance_delivered", {"plan_item": e.get("plan_item", "")}
    ),
    "incubator.assigned": lambda e: Item(
        "mentee_assigned",
        {"business": e.get("business", "")},
        _url("incubator:mentee_detail", e["profile"]) if e.get("profile") else "",
    ),
    "incubator.companion": lambda e: Item(
        "companion_assigned", {"companion": e.get("companion", ""), "role": e.get("role", "")}
    ),
    "complaint": lambda e: Item(
        "complaint_update", {"number": e.get("number", ""), "status": e.get("status", "")}, e.get("url", "")
    ),
    "complaint_assigned": lambda e: Item(
        "complaint_assigned", {"number": e.get("number", "")}, e.get("url", "")
    ),
    "complaint_information": lambda e: Item(
        "complaint_information", {"number": e.get("number", "")}, e.get("url", "")
    ),
    "visit_logged": lambda e: Item(
        "visit_logged",
        {"date": e.get("date", "")},
        _url("mentoring:timeline"),
    ),
    "session_logged": lambda e: Item(
        "session_logged",
        {"date": e.get("date", "")},
        _url("mentoring:session_detail", e["session_id"]) if e.get("session_id") else "",
    ),
    "new_message": _message,
}


def item_for(event: dict[str, Any]) -> Item | None:
    """The inbox item an event makes, or None (live-only events such as unread counts)."""
    mapper = MAPPERS.get(str(event.get("type", "")))
    return mapper(event) if mapper else None


def render(kind: str, params: dict[str, Any]) -> str:
    """The item's text in the active language."""
    found = KINDS.get(kind)
    if found is None:
        return str(_("You have a new notification."))
    if kind == "new_message" and int(params.get("count") or 1) > 1:
        found = KINDS["new_messages"]
    return found.render(params)


def is_security(kind: str) -> bool:
    found = KINDS.get(kind)
    return bool(found and found.security)
