"""The BSiMU loop at the service level: business plan, budget, four eyes, the family's confirmation."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from complaints.models import Category, Complaint
from complaints.services import escalate_unconfirmed_assistance
from incubator import services
from incubator.errors import AssistanceError, NotAllowed
from incubator.models import Assistance, AssistanceEvent, BusinessPlanLine
from incubator.selectors import budget_line
from incubator.services import assistance as assistance_services
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator import photos
from tests.incubator.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English text; Indonesian is the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def approver(world):
    return ManagerUserFactory(full_name="Manajer Kedua")


def planned(world, amount=2_000_000, **kw):
    return services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=amount, **kw
    )


def delivered(world, approver, by=None):
    a = services.approve_assistance(planned(world), by=approver)
    return services.deliver_assistance(
        a, by=by or world.social, delivered_on=timezone.localdate(), proof=photos.phone_jpeg()
    )


def unchanged(a: Assistance) -> tuple:
    a = Assistance.objects.get(pk=a.pk)
    return (
        a.status,
        a.approved_by_id,
        a.delivered_by_id,
        a.receipt,
        AssistanceEvent.objects.filter(assistance=a).count(),
    )


# -- four eyes --------------------------------------------------------------------------------------


def test_the_planner_cannot_approve(world):
    a = planned(world)
    before = unchanged(a)
    with pytest.raises(NotAllowed, match="another manager must approve"):
        services.approve_assistance(a, by=world.manager)
    assert unchanged(a) == before


def test_the_approver_cannot_record_the_delivery(world, approver):
    a = services.approve_assistance(planned(world), by=approver)
    before = unchanged(a)
    with pytest.raises(NotAllowed, match="companion or another manager"):
        services.deliver_assistance(a, by=approver, delivered_on=timezone.localdate(), proof=photos.png())
    assert unchanged(a) == before


def test_the_companion_records_the_delivery_with_a_proof_photo(world, approver):
    a = delivered(world, approver, by=world.social)
    assert (a.status, a.delivered_by, a.receipt) == ("delivered", world.social, "pending")
    assert a.proof_of_receipt and a.receipt_asked_at
    actors = list(AssistanceEvent.objects.filter(assistance=a).values_list("actor", flat=True))
    assert actors == [world.manager.pk, approver.pk, world.social.pk]
    assert len(set(actors)) == 3


def test_a_second_manager_may_record_the_delivery(world, approver):
    a = delivered(world, approver, by=world.manager)  # the planner, not the approver
    assert a.delivered_by == world.manager


def test_someone_else_cannot_record_the_delivery(world, approver):
    a = services.approve_assistance(planned(world), by=approver)
    stranger = MentorProfileFactory().user
    for who in (stranger, world.entrepreneur):
        with pytest.raises(NotAllowed):
            services.deliver_assistance(a, by=who, delivered_on=timezone.localdate(), proof=photos.png())
    assert Assistance.objects.get(pk=a.pk).status == "approved"


def test_a_companion_cannot_plan_or_approve(world):
    with pytest.raises(NotAllowed):
        services.plan_assistance(world.profile, by=world.social, kind="cash", plan_item="Modal", amount=1)
    a = planned(world)
    with pytest.raises(NotAllowed):
        services.approve_assistance(a, by=world.social)


# -- business plan -----------------------------------------------------------------------------------


def test_the_mentor_writes_the_plan_and_assistance_is_planned_against_its_lines(world):
    plan = services.write_business_plan(world.profile, by=world.mentor, goal="Buka warung kedua")
    milestone = world.templates["beginner"][0]
    line = services.add_plan_line(
        plan,
        by=world.mentor,
        category="equipment",
        item="Kompor dua tungku",
        estimated_price=900_000,
        milestone=milestone,
    )
    with pytest.raises(AssistanceError, match="line of the business plan"):
        services.plan_assistance(world.profile, by=world.manager, kind="goods", plan_item="Bebas", amount=1)
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", amount=900_000, plan_line=line
    )
    assert (a.plan_line, a.plan_item) == (line, "Kompor dua tungku")


def test_a_line_of_another_familys_plan_is_refused(world):
    other = world.enroll(EntrepreneurUserFactory(), cohort=world.profile.cohort)
    services.assign_companion(other, world.mentor, role="mentor", by=world.manager)
    plan = services.write_business_plan(other, by=world.mentor, goal="Tujuan")
    line = services.add_plan_line(
        plan, by=world.mentor, category="stock", item="Tepung", estimated_price=100_000
    )
    with pytest.raises(AssistanceError, match="own business plan"):
        services.plan_assistance(world.profile, by=world.manager, kind="goods", amount=1, plan_line=line)


def test_plan_input_is_checked_and_strangers_may_not_write(world):
    with pytest.raises(NotAllowed):
        services.write_business_plan(world.profile, by=MentorProfileFactory().user, goal="x")
    with pytest.raises(AssistanceError):
        services.write_business_plan(world.profile, by=world.mentor, goal="  ")
    plan = services.write_business_plan(world.profile, by=world.mentor, goal="Tujuan")
    for kw in ({"category": "car"}, {"item": ""}, {"estimated_price": 0}, {"estimated_price": "abc"}):
        fields = {"category": "stock", "item": "Tepung", "estimated_price": 1000, **kw}
        with pytest.raises(AssistanceError):
            services.add_plan_line(plan, by=world.mentor, **fields)
    assert not BusinessPlanLine.objects.exists()


# -- budget ------------------------------------------------------------------------------------------


def test_only_a_national_manager_sets_a_budget(world):
    regional = ManagerUserFactory(area=world.regency)
    with pytest.raises(NotAllowed):
        services.set_budget(world.profile.cohort, by=regional, amount=5_000_000)
    budget = services.set_budget(world.profile.cohort, by=world.manager, amount=5_000_000)
    assert budget.amount == 5_000_000


def test_over_budget_needs_a_national_manager(world):
    services.set_budget(world.profile.cohort, by=world.manager, amount=3_000_000)
    regional = ManagerUserFactory(area=world.regency)
    services.plan_assistance(world.profile, by=regional, kind="cash", plan_item="Modal", amount=2_000_000)
    with pytest.raises(AssistanceError, match=r"Rp 1\.000\.000 remains"):
        services.plan_assistance(world.profile, by=regional, kind="cash", plan_item="Modal", amount=1_500_000)
    assert Assistance.objects.count() == 1
    # A national manager may go over, and cancelling frees the budget.
    services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=1_500_000
    )
    assert budget_line(world.profile.cohort) == (3_000_000, -500_000)
    services.cancel_assistance(Assistance.objects.get(amount=2_000_000), by=world.manager, reason="Dobel")
    assert budget_line(world.profile.cohort) == (3_000_000, 1_500_000)


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_cannot_both_spend_the_last_of_the_budget(world):
    """The budget row is locked while the remainder is read and the item written: the second planner
    waits, then sees the first one's item. Without the lock both would read "Rp 1.000.000 remains"
    (the pause below holds each planner between reading the remainder and writing its item)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    services.set_budget(world.profile.cohort, by=world.manager, amount=1_000_000)
    planners = [ManagerUserFactory(area=world.regency) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []
    read_committed = assistance_services.committed_for

    def slow_committed_for(cohort):
        amount = read_committed(cohort)
        time.sleep(0.5)
        return amount

    def plan(by):
        try:
            start.wait()
            with translation.override("en"):  # the language is per thread
                services.plan_assistance(world.profile, by=by, kind="cash", plan_item="Modal", amount=700_000)
            outcomes.append("planned")
        except AssistanceError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=plan, args=(by,)) for by in planners]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assistance_services, "committed_for", slow_committed_for)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(outcomes) == 2 and outcomes.count("planned") == 1
    refusal = next(o for o in outcomes if o != "planned")
    assert "Rp 300.000 remains" in refusal
    assert Assistance.objects.count() == 1
    assert budget_line(world.profile.cohort) == (1_000_000, 300_000)


# -- the family confirms ---------------------------------------------------------------------------


def test_delivery_asks_the_family_by_sms(world, approver, outbox, django_capture_on_commit_callbacks):
    world.entrepreneur.phone = "+6281234500001"
    world.entrepreneur.save()
    with django_capture_on_commit_callbacks(execute=True):
        delivered(world, approver)
    assert [m.to for m in outbox] == ["+6281234500001"]
    assert outbox[0].text.startswith("Tumbuh: Sudah menerima Etalase (Rp 2.000.000)?")


def test_the_family_confirms_on_the_portal(world, approver):
    a = services.confirm_receipt(delivered(world, approver), by=world.entrepreneur, received=True)
    assert (a.receipt, a.receipt_answered_by, a.receipt_on_behalf) == ("confirmed", world.entrepreneur, False)
    with pytest.raises(AssistanceError, match="not waiting"):
        services.confirm_receipt(a, by=world.entrepreneur, received=False)
    assert not Complaint.objects.exists()


def test_a_companion_confirms_on_behalf_and_it_is_marked(world, approver):
    a = services.confirm_receipt(delivered(world, approver), by=world.mentor, received=True)
    assert a.receipt_on_behalf and a.receipt_answered_by == world.mentor
    event = AssistanceEvent.objects.filter(assistance=a).last()
    assert (event.receipt, event.actor, event.on_behalf_of) == ("confirmed", world.mentor, world.entrepreneur)


def test_a_stranger_cannot_confirm(world, approver):
    a = delivered(world, approver)
    with pytest.raises(NotAllowed):
        services.confirm_receipt(a, by=EntrepreneurUserFactory(), received=True)
    with pytest.raises(NotAllowed):
        services.confirm_receipt(a, by=approver, received=True)
    assert Assistance.objects.get(pk=a.pk).receipt == "pending"


def test_no_raises_a_complaint_linked_to_the_item(world, approver):
    a = services.confirm_receipt(delivered(world, approver), by=world.entrepreneur, received=False)
    assert a.receipt == "denied"
    complaint = Complaint.objects.get()
    assert (complaint.category, complaint.assistance, complaint.raised_by) == (
        Category.ASSISTANCE,
        a,
        world.entrepreneur,
    )
    assert "did not receive Etalase" in complaint.description


def test_an_item_not_yet_delivered_cannot_be_confirmed(world):
    with pytest.raises(AssistanceError):
        services.confirm_receipt(planned(world), by=world.entrepreneur, received=True)


def test_no_answer_in_14_days_raises_a_complaint_once(world, approver):
    with time_machine.travel(NOW, tick=False):
        a = delivered(world, approver)
        answered = delivered(world, approver)
        services.confirm_receipt(answered, by=world.entrepreneur, received=True)
    assert escalate_unconfirmed_assistance(NOW + datetime.timedelta(days=13, hours=23)) == 0
    assert not Complaint.objects.exists()
    assert escalate_unconfirmed_assistance(NOW + datetime.timedelta(days=14)) == 1
    assert Assistance.objects.get(pk=a.pk).receipt == "unanswered"
    assert Complaint.objects.get().assistance_id == a.pk
    assert escalate_unconfirmed_assistance(NOW + datetime.timedelta(days=20)) == 0
    assert Complaint.objects.count() == 1


def test_the_daily_scheduled_job_escalates_unanswered_deliveries(world, approver):
    from notifications import schedule, tasks

    assert "escalate-unconfirmed-assistance" in {job.name for job in schedule.SCHEDULE}
    with time_machine.travel(NOW, tick=False):
        a = delivered(world, approver)
    with time_machine.travel(NOW + datetime.timedelta(days=15), tick=False):
        assert tasks.escalate_unconfirmed_assistance.call() == 1
    assert Complaint.objects.get().assistance_id == a.pk
