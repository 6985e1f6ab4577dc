"""The next visit or session: companions plan it, both sides see it, the reminder reads tomorrow's."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.notifications import push
from incubator.models import EntrepreneurProfile
from incubator.selectors import is_current_companion
from mentoring.models import TOPICS_MAX, PlannedContact
from mentoring.services import Forbidden, MentoringError

PLAN_AHEAD_DAYS = 366


class PlanningError(MentoringError):
    pass


@transaction.atomic
def schedule_next_contact(
    profile: EntrepreneurProfile, *, by: User, kind: str, on: Any, purpose: str
) -> PlannedContact:
    """A current companion of the family plans the next visit or session (date, purpose).

    The date is today or later (within a year); the family hears of it after commit
    (``mentoring.contact_planned``). Raises Forbidden / PlanningError and saves nothing.
    """
    if not is_current_companion(profile, user=by):
        raise Forbidden(_("Only this family's companions can plan a visit or session."))
    if kind not in PlannedContact.Kind.values:
        raise PlanningError(_("Please choose a visit or a session."))
    if isinstance(on, str):
        try:
            on = datetime.date.fromisoformat(on)
        except ValueError:
            on = None
    if not isinstance(on, datetime.date):
        raise PlanningError(_("Please choose the date."))
    today = timezone.localdate()
    if not today <= on <= today + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise PlanningError(_("Please choose a date from today to a year ahead."))
    purpose = (purpose or "").strip()
    if not purpose:
        raise PlanningError(_("Please write what the visit or session is for."))
    if len(purpose) > TOPICS_MAX:
        raise PlanningError(_("The purpose is too long."))
    contact = PlannedContact.objects.create(
        profile=profile, companion=by, kind=kind, date=on, purpose=purpose
    )
    push(
        profile.user_id, {"type": "mentoring.contact_planned", "contact": contact.pk, "date": on.isoformat()}
    )
    return contact
