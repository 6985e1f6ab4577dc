"""Reminders on a schedule (notifications/reminders.py): each rule with frozen time, who gets it,
idempotence (runs twice → sends once), the off-page path, and a constant number of queries."""

from __future__ import annotations

import datetime
import math
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from complaints.models import Category, Complaint, Status
from incubator.models import (
    CompanionRole,
    EntrepreneurProfile,
    Milestone,
    MilestoneStatus,
    MonthlyReport,
    PromotionRequest,
    Tier,
)
from mentoring.models import Conversation, MentoringSession, PlannedContact
from notifications import kinds, reminders, services
from notifications.models import Delivery, Notification, ReminderSent
from notifications.schedule import SCHEDULE
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import (
    AssignmentFactory,
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    MilestoneFactory,
    MilestoneTemplateFactory,
    RegencyFactory,
    SocialCompanionProfileFactory,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=7, mm=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=JAKARTA)


def items(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def family(*, enrolled=datetime.date(2026, 9, 1), started=None, regency=None, social=False):
    """An entrepreneur with a current business mentor (and a social companion when asked)."""
    kw = {"enrolled_on": enrolled}
    if regency is not None:
        kw.update(regency=regency, province=regency.parent)
    profile = EntrepreneurProfileFactory(**kw)
    started = started or at(2026, 9, 1)
    mentor = AssignmentFactory(profile=profile, started_at=started).companion
    companion = None
    if social:
        companion = SocialCompanionProfileFactory().user
        AssignmentFactory(profile=profile, companion=companion, role=CompanionRole.SOCIAL, started_at=started)
    return profile, mentor, companion


def submitted(profile, when):
    milestone = MilestoneFactory(
        profile=profile,
        template=MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Catat penjualan harian"),
        status=MilestoneStatus.SUBMITTED,
        submitted_at=when,
        version=1,
    )
    return milestone


def report(profile, month, when):
    row = MonthlyReport.objects.create(profile=profile, month=month, revenue=5_000_000, costs=1_000_000)
    MonthlyReport.objects.filter(pk=row.pk).update(created_at=when)
    return row


# -- monthly figures ----------------------------------------------------------------------------


def test_figures_due_from_the_first_to_the_family_and_its_companions_once():
    profile, mentor, social = family(social=True)
    with time_machine.travel(at(2026, 12, 1), tick=False):
        now = at(2026, 12, 1)
        assert reminders.run(["figures_due"], now=now) == 3
        assert reminders.run(["figures_due"], now=now + DAY) == 0  # the 2nd: same round, already sent
    (mine,) = items(profile.user)
    assert mine.kind == "reminder_figures_due" and mine.params["month"] == "2026-11-01"
    assert mine.url == "/portal/reports/"
    assert [n.kind for n in items(mentor)] == ["reminder_figures_due_companion"]
    assert [n.kind for n in items(social)] == ["reminder_figures_due_companion"]
    assert "Keripik" not in kinds.render(mine.kind, mine.params)


def test_figures_due_again_on_the_fifth_only_when_still_missing():
    waiting, _mentor, _ = family()
    reported, _other, _ = family()
    reminders.run(["figures_due"], now=at(2026, 12, 1))
    report(reported, datetime.date(2026, 11, 1), at(2026, 12, 3))
    assert reminders.run(["figures_due"], now=at(2026, 12, 4)) == 0
    assert reminders.run(["figures_due"], now=at(2026, 12, 5)) == 2  # the family and its mentor
    assert len(items(waiting.user)) == 2
    assert len(items(reported.user)) == 1
    assert reminders.run(["figures_due"], now=at(2026, 12, 6)) == 0


def test_figures_not_asked_of_families_enrolled_after_the_month_or_graduated():
    new, _m, _ = family(enrolled=datetime.date(2026, 12, 1))
    graduated, _g, _ = family()
    EntrepreneurProfile.objects.filter(pk=graduated.pk).update(tier=Tier.GRADUATED)
    assert reminders.run(["figures_due"], now=at(2026, 12, 1)) == 0
    assert items(new.user) == [] and items(graduated.user) == []


# -- reviews waiting ---------------------------------------------------------------------------


def test_evidence_waiting_more_than_three_days_reminds_the_mentor_then_the_area_manager_after_seven():
    profile, mentor, _ = family()
    area_manager = ManagerUserFactory(area=profile.regency)
    national = ManagerUserFactory()  # someone nearer is there: the national manager is not asked
    other_area = ManagerUserFactory(area=RegencyFactory(name="Kota Bogor"))
    milestone = submitted(profile, at(2026, 12, 1, 9))
    assert reminders.run(["review_waiting"], now=at(2026, 12, 4, 8)) == 0  # under 3 days
    assert reminders.run(["review_waiting"], now=at(2026, 12, 4, 10)) == 1
    (first,) = items(mentor)
    assert first.kind == "reminder_evidence_waiting"
    assert first.params == {"business": profile.business_name, "title": "Catat penjualan harian", "days": 3}
    assert first.url == f"/mentor/milestones/{milestone.pk}/review/"
    assert items(area_manager) == []
    assert reminders.run(["review_waiting"], now=at(2026, 12, 5, 10)) == 0  # idempotent
    assert reminders.run(["review_waiting"], now=at(2026, 12, 8, 10)) == 2  # mentor again + manager
    assert len(items(mentor)) == 2 and len(items(area_manager)) == 1
    assert items(national) == [] and items(other_area) == []


def test_a_resubmission_is_a_new_subject_and_a_reviewed_one_is_quiet():
    profile, mentor, _ = family()
    milestone = submitted(profile, at(2026, 12, 1, 9))
    reminders.run(["review_waiting"], now=at(2026, 12, 5))
    Milestone.objects.filter(pk=milestone.pk).update(
        status=MilestoneStatus.RESUBMITTED, version=2, submitted_at=at(2026, 12, 6)
    )
    assert reminders.run(["review_waiting"], now=at(2026, 12, 10)) == 1
    Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.VERIFIED)
    assert reminders.run(["review_waiting"], now=at(2026, 12, 20)) == 0
    assert len(items(mentor)) == 2


def test_figures_waiting_for_verification_remind_the_mentor_and_national_managers_without_an_area_one():
    profile, mentor, _ = family()
    national = ManagerUserFactory()
    row = report(profile, datetime.date(2026, 11, 1), at(2026, 12, 1))
    assert reminders.run(["review_waiting"], now=at(2026, 12, 9)) == 2
    (reminder,) = items(mentor)
    assert reminder.kind == "reminder_figures_waiting" and reminder.params["month"] == "2026-11-01"
    assert [n.kind for n in items(national)] == ["reminder_figures_waiting"]
    MonthlyReport.objects.filter(pk=row.pk).update(verified_at=at(2026, 12, 9))
    assert reminders.run(["review_waiting"], now=at(2026, 12, 20)) == 0


# -- promotions --------------------------------------------------------------------------------


def test_a_promotion_waiting_more_than_five_days_reminds_the_area_managers_once():
    profile, mentor, _ = family()
    province_manager = ManagerUserFactory(area=profile.province)
    promotion = PromotionRequest.objects.create(
        profile=profile, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=mentor
    )
    PromotionRequest.objects.filter(pk=promotion.pk).update(created_at=at(2026, 12, 1, 9))
    assert reminders.run(["promotion_waiting"], now=at(2026, 12, 6, 8)) == 0
    assert reminders.run(["promotion_waiting"], now=at(2026, 12, 6, 10)) == 1
    assert reminders.run(["promotion_waiting"], now=at(2026, 12, 7, 10)) == 0
    (reminder,) = items(province_manager)
    assert reminder.kind == "reminder_promotion_waiting" and reminder.url == "/cms/workspace/promotions/"
    assert "Berkembang" in kinds.render(reminder.kind, reminder.params)
    assert items(mentor) == []


# -- complaints --------------------------------------------------------------------------------


def complaint(profile, *, created, due, handler=None, category=Category.MENTORING, status=Status.NEW):
    row = Complaint.objects.create(
        number=f"ADU-2026-{Complaint.objects.count() + 1}",
        category=category,
        status=status if handler else Status.NEW,
        description="Pendamping tidak datang",
        raised_by=profile.user,
        profile=profile,
        region=profile.regency,
        handler=handler,
        due_at=due,
    )
    Complaint.objects.filter(pk=row.pk).update(created_at=created)
    return row


def test_a_complaint_at_eighty_percent_then_overdue_reminds_its_handler_and_the_area_managers():
    profile, _mentor, _ = family()
    handler = ManagerUserFactory(area=profile.province)
    manager = ManagerUserFactory(area=profile.regency)
    bystander = ManagerUserFactory(area=RegencyFactory(name="Kota Bogor"))
    row = complaint(
        profile, created=at(2026, 12, 1, 8), due=at(2026, 12, 11, 8), handler=handler, status=Status.ASSIGNED
    )
    assert reminders.run(["complaint_target"], now=at(2026, 12, 8, 23)) == 0  # 79 %
    assert reminders.run(["complaint_target"], now=at(2026, 12, 9, 9)) == 2  # 80 %
    assert reminders.run(["complaint_target"], now=at(2026, 12, 9, 10)) == 0
    assert [n.kind for n in items(handler)] == ["reminder_complaint_due_soon"]
    assert items(manager)[0].url == f"/cms/complaints/{row.pk}/"
    assert reminders.run(["complaint_target"], now=at(2026, 12, 11, 9)) == 2
    assert {n.kind for n in items(handler)} == {"reminder_complaint_due_soon", "reminder_complaint_overdue"}
    assert items(bystander) == []
    Complaint.objects.filter(pk=row.pk).update(status=Status.RESOLVED)
    assert reminders.run(["complaint_target"], now=at(2026, 12, 20)) == 0


def test_a_harassment_complaint_reminds_only_those_allowed_to_see_it():
    profile, _mentor, _ = family()
    manager = ManagerUserFactory(area=profile.regency)
    officer = ManagerUserFactory(area=profile.regency)
    roles.add_role(officer, "Safeguarding officer")
    complaint(profile, created=at(2026, 12, 1), due=at(2026, 12, 3), category=Category.HARASSMENT)
    assert reminders.run(["complaint_target"], now=at(2026, 12, 4)) == 1
    assert items(manager) == []
    assert [n.kind for n in items(officer)] == ["reminder_complaint_overdue"]


# -- pairs without contact ---------------------------------------------------------------------


def test_a_pair_without_contact_for_fourteen_days_reminds_the_companion_once_per_silence():
    profile, mentor, _ = family(started=at(2026, 11, 1))
    MentoringSession.objects.create(
        profile=profile, companion=mentor, date=datetime.date(2026, 11, 20), mode="phone", topics="Stok"
    )
    assert reminders.run(["no_contact"], now=at(2026, 12, 3)) == 0  # 13 silent days
    assert reminders.run(["no_contact"], now=at(2026, 12, 4)) == 1
    assert reminders.run(["no_contact"], now=at(2026, 12, 5)) == 0
    (reminder,) = items(mentor)
    assert reminder.kind == "reminder_no_contact" and reminder.params["days"] == 14
    assert reminders.run(["no_contact"], now=at(2026, 12, 17)) == 0
    assert reminders.run(["no_contact"], now=at(2026, 12, 18)) == 1  # 28 silent days: again
    assert items(profile.user) == []


def test_a_chat_message_counts_as_contact():
    profile, mentor, _ = family(started=at(2026, 11, 1))
    Conversation.objects.create(
        profile=profile, companion=mentor, role=CompanionRole.MENTOR, last_message_at=at(2026, 11, 30)
    )
    assert reminders.run(["no_contact"], now=at(2026, 12, 13)) == 0
    assert reminders.run(["no_contact"], now=at(2026, 12, 14, 8)) == 1


def test_a_new_pair_is_not_reminded_before_fourteen_days():
    family(started=at(2026, 12, 1, 9))
    assert reminders.run(["no_contact"], now=at(2026, 12, 15, 8)) == 0


# -- visits tomorrow ---------------------------------------------------------------------------


def planned_visit(profile, companion, day):
    return PlannedContact.objects.create(
        profile=profile, companion=companion, kind="visit", date=day, purpose="Memeriksa catatan penjualan"
    )


def test_a_visit_tomorrow_reminds_the_companion_and_the_family_once():
    profile, mentor, _ = family()
    planned_visit(profile, mentor, datetime.date(2026, 12, 11))
    planned_visit(profile, mentor, datetime.date(2026, 12, 12))  # the day after: not yet
    assert reminders.run(["visit_tomorrow"], now=at(2026, 12, 10, 15)) == 2
    assert reminders.run(["visit_tomorrow"], now=at(2026, 12, 10, 16)) == 0
    assert [n.kind for n in items(mentor)] == ["reminder_visit_companion"]
    (mine,) = items(profile.user)
    assert mine.kind == "reminder_visit_family" and mine.params["date"] == "2026-12-11"
    assert mentor.full_name in kinds.render(mine.kind, mine.params)


# -- the common path ---------------------------------------------------------------------------


def test_a_reminder_goes_off_page_after_the_delay_like_any_item(settings):
    settings.TUMBUH_NOTIFY_DELAY = 600
    user = EntrepreneurUserFactory(phone="+6281234567890", phone_verified=True)
    profile, _mentor, _ = family()
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(user=user)
    now = at(2026, 12, 1, 8)
    reminders.run(["figures_due"], now=now)
    assert services.sweep(now=now + datetime.timedelta(minutes=5)) == 0
    assert services.sweep(now=now + datetime.timedelta(minutes=11)) >= 1
    delivery = Delivery.objects.get(notification__recipient=user, channel="sms")
    assert delivery.status == Delivery.Status.SENT


def test_a_race_with_another_run_sends_once():
    profile, _mentor, _ = family()
    now = at(2026, 12, 1)
    found = reminders.monthly_figures_due(now)
    # Another run stored the entrepreneur's key between our read and our write.
    ReminderSent.objects.create(
        rule="figures_due", person=profile.user, subject=f"profile:{profile.pk}", period="2026-11:first"
    )
    assert reminders.send(found, now=now) == 1  # only the mentor's is new
    assert items(profile.user) == []


def test_every_rule_is_scheduled():
    names = {job.name for job in SCHEDULE}
    assert {"daily-reminders", "complaint-reminders", "visit-reminders"} <= names


def test_every_reminder_kind_has_a_text_in_both_languages():
    from django.utils import translation

    for kind in [k for k in kinds.KINDS if k.startswith("reminder_")]:
        with translation.override("en"):
            english = kinds.render(kind, {})
        with translation.override("id"):
            indonesian = kinds.render(kind, {})
        assert english != indonesian, kind


def build(n: int) -> None:
    for _ in range(n):
        profile, mentor, social = family(started=at(2026, 9, 1), social=True)
        submitted(profile, at(2026, 11, 1))
        report(profile, datetime.date(2026, 10, 1), at(2026, 11, 1))
        promotion = PromotionRequest.objects.create(
            profile=profile, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=mentor
        )
        PromotionRequest.objects.filter(pk=promotion.pk).update(created_at=at(2026, 11, 1))
        complaint(profile, created=at(2026, 11, 1), due=at(2026, 11, 10))
        planned_visit(profile, social, datetime.date(2026, 12, 2))


@pytest.mark.parametrize("rule", sorted(reminders.RULES))
def test_each_rule_runs_in_a_constant_number_of_queries(rule):
    MentorProfileFactory()  # an idle mentor without families
    ManagerUserFactory(area=RegencyFactory())  # the families' regency (the factories share it)
    now = at(2026, 12, 1, 7)
    build(2)
    with CaptureQueriesContext(connection) as small:
        sent_small = reminders.run([rule], now=now)
    ReminderSent.objects.all().delete()
    Notification.objects.all().delete()
    build(38)
    with CaptureQueriesContext(connection) as large:
        sent_large = reminders.run([rule], now=now)
    assert sent_small > 0 and sent_large > sent_small
    # Reads and bookkeeping are constant; the items are written with bulk INSERTs, which SQLite
    # splits into batches of about a hundred rows (999 parameters), PostgreSQL not at all.
    assert len(reads(large)) == len(reads(small)), (rule, [q["sql"][:60] for q in large.captured_queries])
    assert len(large) - len(reads(large)) <= 2 * math.ceil(sent_large / 100)


def reads(context) -> list:
    return [q for q in context.captured_queries if not q["sql"].startswith("INSERT")]
