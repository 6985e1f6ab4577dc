"""The community sessions a family attended, as a source of its timeline (``mentoring.timeline``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from incubator.models import EntrepreneurProfile
from mentoring.timeline import Entry, _end_of_day
from pillars.models import CommunitySession


def community_sessions(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    def build(session: CommunitySession, rank: int) -> Entry:
        return Entry(
            "community_session",
            _end_of_day(session.date),
            rank,
            session.pk,
            _("Community session: %(topic)s") % {"topic": session.topic},
            actor=session.facilitator,
            text=session.follow_ups if ctx["internal"] else "",
            extra={"place": session.village},
        )

    qs = CommunitySession.objects.filter(participants=profile).select_related("facilitator")
    return qs, "date", True, build
