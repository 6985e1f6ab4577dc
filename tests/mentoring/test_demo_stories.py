"""The demo's chats, sessions and visits are each family's own (mission audit §e 3–4, issue 14)."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from django.utils import timezone

from accounts import demo as account_demo
from accounts import roles
from incubator import demo as incubator_demo
from incubator.models import Cohort, MonthlyReport
from mentoring import demo, demo_lines
from mentoring.models import Conversation, FieldVisit, MentoringSession
from tests.shared_data import build_once

pytestmark = pytest.mark.django_db


def _seed():
    roles.sync_groups()
    people = account_demo.seed()
    incubator_demo.seed(people=people, stdout=io.StringIO())
    demo.seed(people=people, stdout=io.StringIO())
    return people


# One seed for the module's tests, which only read it (tests/shared_data.py).
_seeded_once, seeded = build_once(_seed, name="seeded")


def _chats():
    return {
        c.profile: list(c.messages.order_by("seq"))
        for c in Conversation.objects.filter(message_count__gt=0).select_related(
            "profile__user", "profile__district", "companion"
        )
    }


def test_no_two_families_share_a_chat_and_each_chat_tells_the_familys_own_facts(seeded):
    chats = _chats()
    assert len(chats) >= 18  # both business mentors' families
    texts = {profile: {m.body for m in messages} for profile, messages in chats.items()}
    for (a, ta), (b, tb) in itertools.combinations(texts.items(), 2):
        assert not ta & tb, (a.business_name, b.business_name, ta & tb)  # not one line copied
    for profile, messages in chats.items():
        whole = " ".join(m.body for m in messages)
        assert profile.business_name in whole
        mentor = demo_lines.addressed(messages[0].conversation.companion.full_name)
        assert mentor in whole  # the family writes to its own mentor, by name
        latest = MonthlyReport.objects.filter(profile=profile).order_by("-month").first()
        if latest is not None:  # its own figures, as the family entered them
            assert demo_lines.rupiah(latest.profit) in whole
        # The mentor's last two lines close it: unread by the family.
        assert messages[-1].sender_id == messages[-2].sender_id == messages[0].conversation.companion_id
    # Varied: openings (who writes first, how), lengths, and the time between messages.
    assert len({messages[0].body.split()[0] for messages in chats.values()}) >= 4
    assert len({messages[0].sender_id == p.user_id for p, messages in chats.items()}) == 2
    assert len({len(messages) for messages in chats.values()}) >= 4
    hours = {timezone.localtime(m.created_at).hour for messages in chats.values() for m in messages}
    assert min(hours) >= 6 and max(hours) < 21  # nobody writes in the night
    spans = {
        (messages[-1].created_at - messages[0].created_at).total_seconds() // 3600
        for messages in chats.values()
    }
    assert len(spans) >= 8


def test_the_chats_name_the_familys_milestones_tier_and_umk(seeded):
    chats = _chats()
    whole = {p: " ".join(m.body for m in messages) for p, messages in chats.items()}
    milestones = sum(bool(re.search(r"\u201c[^\u201d]+\u201d", text)) for text in whole.values())
    assert milestones >= len(chats) * 2 // 3  # most chats talk about one of the family's own steps
    assert any("UMK Kota Bandung" in text for text in whole.values())
    assert any("UMK Kabupaten Klaten" in text for text in whole.values())


def test_the_scripts_are_the_same_on_every_run(seeded):
    conversation = Conversation.objects.filter(message_count__gt=0).select_related("profile__user").first()
    first = demo_lines.chat_script(conversation.profile, conversation.companion)
    assert first == demo_lines.chat_script(conversation.profile, conversation.companion)
    assert [line.text for line in first] == list(
        conversation.messages.order_by("seq").values_list("body", flat=True)
    )


def test_sessions_and_visits_are_each_familys_own(seeded):
    visits = list(FieldVisit.objects.select_related("profile"))
    assert len({v.notes for v in visits}) == len(visits)
    assert len({v.internal_notes for v in visits}) == len(visits)
    for visit in visits:
        assert visit.village == visit.profile.village
        assert visit.profile.business_name in visit.notes or visit.profile.village in visit.notes
    per_family = {}
    for visit in visits:
        per_family.setdefault(visit.profile_id, []).append(visit)
    assert len({len(v) for v in per_family.values()}) >= 2  # not the same number of visits for everyone
    sessions = MentoringSession.objects.filter(fieldvisit__isnull=True).select_related("profile")
    notes = [s.notes for s in sessions]
    assert len(set(notes)) == len(notes), [n for n in notes if notes.count(n) > 1]
    assert all(s.profile.business_name in s.topics + s.notes for s in sessions)


def test_the_cohorts_carry_program_names(seeded):
    for cohort in Cohort.objects.select_related("region"):
        assert re.fullmatch(rf"PENA \d{{4}} — {cohort.region.name} gelombang \d", cohort.name), cohort.name
        assert str(cohort.start_date.year) in cohort.name


def test_a_database_seeded_with_the_former_names_keeps_its_cohorts(seeded):
    people = seeded
    for former, name in incubator_demo.FORMER_COHORTS.items():
        Cohort.objects.filter(name=name).update(name=former)
    incubator_demo.seed(people=people, stdout=io.StringIO())
    assert sorted(Cohort.objects.values_list("name", flat=True)) == sorted(
        n for n, _r, _d in incubator_demo.COHORTS
    )
