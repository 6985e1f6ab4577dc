"""Every domain event that concerns a person becomes an inbox item, through the real services."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from complaints import services as complaint_services
from complaints.models import Category
from incubator import services
from incubator.models import Assistance
from mentoring import services as mentoring_services
from mentoring import visits
from mentoring.models import Conversation
from notifications import kinds
from notifications.models import Notification
from tests.factories import ManagerUserFactory
from tests.incubator.test_services import complete_tier, first, submit
from tests.mentoring.test_visits import visit_input


def items(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def kinds_of(user) -> list[str]:
    return [n.kind for n in items(user)]


def _verified(world):
    m = submit(first(world), world.entrepreneur)
    services.verify_milestone(m, by=world.mentor, expected_version=m.version)
    return world.entrepreneur, "milestone_verified", {"title": m.template.title}


def _changes(world):
    m = submit(first(world), world.entrepreneur)
    services.request_changes(m, by=world.mentor, comment="Foto buram, ulangi ya", expected_version=1)
    return world.entrepreneur, "milestone_changes", {"comment": "Foto buram, ulangi ya"}


def _submitted(world):
    submit(first(world), world.entrepreneur)
    return world.mentor, "evidence_submitted", {"business": world.profile.business_name}


def _recommended(world):
    complete_tier(world)
    services.recommend_promotion(world.profile, by=world.mentor)
    return world.entrepreneur, "promotion_recommended", {"tier": "developing"}


def _promoted(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.approve_promotion(request, by=world.manager)
    return world.entrepreneur, "promoted", {"tier": "developing"}


def _approved_for_mentor(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.approve_promotion(request, by=world.manager)
    return world.mentor, "promotion_approved", {"business": world.profile.business_name}


def _declined(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.decline_promotion(request, by=world.manager, reason="Laporan Maret belum lengkap")
    return world.entrepreneur, "promotion_declined", {"reason": "Laporan Maret belum lengkap"}


def _declined_for_mentor(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.decline_promotion(request, by=world.manager, reason="Laporan Maret belum lengkap")
    return world.mentor, "promotion_declined_mentor", {"reason": "Laporan Maret belum lengkap"}


def _assistance_planned(world):
    services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=500_000
    )
    return world.entrepreneur, "assistance_planned", {"plan_item": "Etalase"}


def _assistance_approved(world):
    a = services.plan_assistance(world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=1)
    services.approve_assistance(a, by=ManagerUserFactory(full_name="Manajer Kedua"))  # four eyes
    assert Assistance.objects.get(pk=a.pk).status == Assistance.Status.APPROVED
    return world.entrepreneur, "assistance_approved", {"plan_item": "Etalase"}


def _mentee_assigned(world):
    other = world.enroll()
    services.assign_companion(other, world.mentor, role="mentor", by=world.manager)
    return world.mentor, "mentee_assigned", {"business": other.business_name}


def _visit(world):
    visits.log_visit(world.profile, by=world.social, data=visit_input())
    return world.entrepreneur, "visit_logged", {}


def _complaint(world):
    complaint = complaint_services.raise_complaint(
        by=world.entrepreneur, category=Category.ASSISTANCE, description="Bantuan etalase belum saya terima."
    )
    complaint_services.assign_complaint(complaint, by=world.manager, handler=world.manager)
    return world.entrepreneur, "complaint_update", {"number": complaint.number, "status": "assigned"}


def _message(world):
    conversation = Conversation.objects.get(profile=world.profile, companion=world.mentor)
    mentoring_services.send_message(
        conversation, sender=world.mentor, body="Jangan lupa catat", client_id=uuid.uuid4()
    )
    return world.entrepreneur, "new_message", {"preview": "Jangan lupa catat", "count": 1}


CASES = {
    "evidence verified": _verified,
    "evidence sent back with the comment": _changes,
    "evidence waiting for the mentor": _submitted,
    "promotion recommended": _recommended,
    "promotion approved": _promoted,
    "promotion approved (mentor)": _approved_for_mentor,
    "promotion declined with the reason": _declined,
    "promotion declined (mentor) with the reason": _declined_for_mentor,
    "assistance planned": _assistance_planned,
    "assistance approved": _assistance_approved,
    "new mentee assigned": _mentee_assigned,
    "visit logged about you": _visit,
    "complaint status change": _complaint,
    "new chat message": _message,
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_event_creates_an_item_for_the_person_it_concerns(world, run_commit_hooks, case):
    with run_commit_hooks():
        recipient, kind, params = case(world)
    made = [n for n in items(recipient) if n.kind == kind]
    assert made, f"no {kind} item for the recipient; got {kinds_of(recipient)}"
    for key, value in params.items():
        assert made[-1].params[key] == value
    assert kinds.render(made[-1].kind, made[-1].params)


def test_report_verified_and_corrected_reach_entrepreneur_and_mentor(world, run_commit_hooks):
    from tests.incubator.factories import MonthlyReportFactory

    report = MonthlyReportFactory(profile=world.profile, entered_by=world.entrepreneur)
    with run_commit_hooks():
        services.verify_monthly_report(report, by=world.mentor)
    [item] = [n for n in items(world.entrepreneur) if n.kind == "report_verified"]
    assert item.params["month"] == "2026-01-01" and item.url == "/portal/reports/"


def test_graduation_is_its_own_item(world, run_commit_hooks):
    from incubator.models import PromotionRequest

    profile = world.profile
    profile.tier = "advanced"
    profile.save(update_fields=["tier"])
    request = PromotionRequest.objects.create(
        profile=profile, from_tier="advanced", to_tier="graduated", recommended_by=world.mentor
    )
    from notifications.services import record_event

    record_event(
        world.entrepreneur.pk, {"type": "incubator.promoted", "request": request.pk, "tier": "graduated"}
    )
    assert kinds_of(world.entrepreneur)[-1] == "graduated"


def test_a_course_that_verifies_a_milestone_says_so(world):
    from notifications.services import record_event

    record_event(
        world.entrepreneur.pk,
        {
            "type": "incubator.reviewed",
            "status": "verified",
            "title": "Kursus dasar",
            "auto": True,
            "url": "/x/",
        },
    )
    assert kinds_of(world.entrepreneur) == ["milestone_auto_verified"]


def test_chat_messages_collapse_into_one_unread_item_per_conversation(world, run_commit_hooks):
    conversation = Conversation.objects.get(profile=world.profile, companion=world.mentor)
    with run_commit_hooks():
        for body in ("Satu", "Dua", "Tiga"):
            mentoring_services.send_message(
                conversation, sender=world.mentor, body=body, client_id=uuid.uuid4()
            )
    [item] = [n for n in items(world.entrepreneur) if n.kind == "new_message"]
    assert (item.params["count"], item.params["preview"]) == (3, "Tiga")
    with translation.override("en"):
        assert kinds.render(item.kind, item.params) == f"3 new messages from {world.mentor.full_name}."
    # Reading the conversation reads its item.
    last = conversation.messages.order_by("-pk").first()
    with run_commit_hooks():
        mentoring_services.mark_read(conversation, user=world.entrepreneur, up_to=last.pk)
    item.refresh_from_db()
    assert item.read_at is not None


def test_a_failed_action_stores_nothing(world, run_commit_hooks):
    m = submit(first(world), world.entrepreneur)
    before = Notification.objects.count()
    with run_commit_hooks(), pytest.raises(services.IncubatorError):
        services.verify_milestone(m, by=world.mentor, expected_version=99)
    assert Notification.objects.count() == before


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Your mentor asked for changes to “Capaian”: Foto buram"),
        ("id", "Mentor Anda meminta perbaikan pada “Capaian”: Foto buram"),
    ],
)
def test_items_render_in_the_readers_language(language, expected):
    with translation.override(language):
        assert kinds.render("milestone_changes", {"title": "Capaian", "comment": "Foto buram"}) == expected


def test_labels_are_translated_when_shown_not_when_stored():
    with translation.override("en"):
        assert (
            kinds.render("promoted", {"tier": "developing"})
            == "Congratulations! You moved up to Developing (Berkembang)."
        )
    with translation.override("id"):
        assert "Berkembang" in kinds.render("promoted", {"tier": "developing"})
