"""The offline outbox's server side: every queued kind is recorded exactly once, and a replay learns
whether it was accepted or refused (with the server's message), in JSON (``core.outbox``)."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from cms import services as cms_services
from cms.models import QuizAttempt
from incubator import services
from incubator.errors import MilestoneError
from incubator.models import CompanionAssignment, MilestoneEvent, MilestoneStatus, MonthlyReport
from mentoring import services as mentoring_services
from mentoring.models import FieldVisit, MentoringSession
from tests.factories import cms as cms_factories
from tests.incubator.conftest import _world_once, world  # noqa: F401  (fixtures)
from tests.incubator.factories import MentorProfileFactory
from tests.incubator.test_services import first
from tests.mentoring.conftest import pair  # noqa: F401  (fixture)
from tests.mentoring.test_visits import form_data

OUTBOX = {"HTTP_X_TUMBUH_OUTBOX": "1"}
# Mid-month, mid-morning in Jakarta: "last month" and "this month" are never in doubt.
NOW = datetime.datetime(2026, 11, 18, 3, 0, tzinfo=datetime.UTC)


def _key(client, url: str) -> str:
    keys = re.findall(r'name="form_key" value="([0-9a-f-]{36})"', client.get(url).content.decode())
    assert len(keys) == 1
    return keys[0]


def _id(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


# -- evidence -----------------------------------------------------------------------------------


def test_evidence_replayed_twice_is_one_submission_and_the_replay_learns_where_it_went(world, client_for):  # noqa: F811
    m = first(world)
    client = client_for(world.entrepreneur)
    page = reverse("incubator:milestone_detail", args=[m.pk])
    data = {"text": "Buku kas", "expected_version": 0, "form_key": _key(client, page)}
    answers = [client.post(page, data, **OUTBOX) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json() == {"ok": True, "url": page}
    m.refresh_from_db()
    assert m.version == 1 and MilestoneEvent.objects.filter(milestone=m).count() == 1
    # The news of the success waits for the page the person opens next.
    assert _id("Sent! Your mentor will review it.") in client.get(page).content.decode()


def test_evidence_sent_twice_by_an_ordinary_form_keeps_the_html_answers(world, client_for):  # noqa: F811
    m = first(world)
    client = client_for(world.entrepreneur)
    page = reverse("incubator:milestone_detail", args=[m.pk])
    data = {"text": "Buku kas", "expected_version": 0, "form_key": _key(client, page)}
    assert client.post(page, data).status_code == 302
    assert client.post(page, data).status_code == 302
    assert MilestoneEvent.objects.filter(milestone=m).count() == 1


def test_evidence_queued_while_the_milestone_was_reviewed_is_refused_with_the_reason(world, client_for):  # noqa: F811
    m = first(world)
    client = client_for(world.entrepreneur)
    page = reverse("incubator:milestone_detail", args=[m.pk])
    queued = {"text": "Versi offline", "expected_version": 0, "form_key": _key(client, page)}
    # Meanwhile the evidence went in from another phone and the mentor verified it.
    services.submit_evidence(m, by=world.entrepreneur, text="Dari HP lain", expected_version=0)
    services.verify_milestone(m, by=world.mentor, expected_version=1)
    answer = client.post(page, queued, **OUTBOX)
    assert answer.status_code == 409
    assert answer.json() == {
        "ok": False,
        "message": _id("This milestone was already submitted; it is waiting for review."),
    }
    # The refusal is the outbox's to show, not the next page's.
    assert (
        _id("This milestone was already submitted; it is waiting for review.")
        not in client.get(page).content.decode()
    )
    m.refresh_from_db()
    assert (m.status, m.evidence_text) == (MilestoneStatus.VERIFIED, "Dari HP lain")
    assert MilestoneEvent.objects.filter(milestone=m).count() == 2


def test_evidence_with_a_validation_error_is_refused_with_the_field_and_nothing_changes(world, client_for):  # noqa: F811
    m = first(world, order=2)  # asks for an amount and a photo
    client = client_for(world.entrepreneur)
    page = reverse("incubator:milestone_detail", args=[m.pk])
    answer = client.post(page, {"text": "HPP", "amount": "-5", "expected_version": 0}, **OUTBOX)
    assert answer.status_code in (400, 409)
    assert answer.json()["ok"] is False and answer.json()["message"]
    m.refresh_from_db()
    assert m.version == 0 and not MilestoneEvent.objects.filter(milestone=m).exists()


def test_evidence_for_someone_elses_milestone_is_refused_and_nothing_changes(world, client_for):  # noqa: F811
    m = first(world)
    stranger = world.enroll(business_name="Warung Lain")
    answer = client_for(stranger.user).post(
        reverse("incubator:milestone_detail", args=[m.pk]),
        {"text": "x", "expected_version": 0, "form_key": str(uuid.uuid4())},
        **OUTBOX,
    )
    assert answer.status_code == 404 and answer.json()["ok"] is False
    assert not MilestoneEvent.objects.filter(milestone=m).exists()


def test_an_evidence_key_used_on_another_milestone_is_refused(world):  # noqa: F811
    key = uuid.uuid4()
    services.submit_evidence(first(world), by=world.entrepreneur, text="a", client_key=key)
    other = first(world, order=3)
    with pytest.raises(MilestoneError):
        services.submit_evidence(other, by=world.entrepreneur, text="b", client_key=key)
    other.refresh_from_db()
    assert other.version == 0


# -- monthly figures ----------------------------------------------------------------------------


def _month(back: int = 1) -> str:
    today = timezone.localdate().replace(day=1)
    month = today
    for _ in range(back):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month.isoformat()


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_figures_replayed_twice_are_one_report(world, client_for):  # noqa: F811
    client = client_for(world.entrepreneur)
    page = reverse("incubator:reports")
    data = {"month": _month(), "revenue": "1.500.000", "costs": "900000", "workers": 1}
    data["form_key"] = _key(client, page)
    answers = [client.post(page, data, **OUTBOX) for _ in range(2)]
    assert [a.json() for a in answers] == [{"ok": True, "url": page}] * 2
    report = MonthlyReport.objects.get(profile=world.profile)
    assert str(report.client_key) == data["form_key"] and report.events.count() == 1


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_figures_for_a_month_reported_meanwhile_are_refused_with_the_reason(world, client_for):  # noqa: F811
    client = client_for(world.entrepreneur)
    page = reverse("incubator:reports")
    queued = {"month": _month(), "revenue": "100", "costs": "0", "workers": 0, "form_key": _key(client, page)}
    services.record_monthly_report(world.profile, by=world.mentor, month=_month(), revenue=5, costs=1)
    answer = client.post(page, queued, **OUTBOX)
    assert answer.status_code == 409
    assert answer.json() == {"ok": False, "message": _id("A report for this month already exists.")}
    assert MonthlyReport.objects.get(profile=world.profile).revenue == 5


def test_figures_with_a_bad_amount_are_refused_with_the_field_label(world, client_for):  # noqa: F811
    answer = client_for(world.entrepreneur).post(
        reverse("incubator:reports"), {"month": _month(), "revenue": "banyak", "costs": "0"}, **OUTBOX
    )
    assert answer.status_code == 400
    assert _id("Revenue (Rp)") in answer.json()["message"]
    assert not MonthlyReport.objects.exists()


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_figures_by_a_companion_for_an_entrepreneur_no_longer_theirs_are_refused(world, client_for):  # noqa: F811
    page = reverse("incubator:mentee_reports", args=[world.profile.pk])
    client = client_for(world.social)
    data = {"month": _month(), "revenue": "100", "costs": "0", "workers": 0, "form_key": _key(client, page)}
    assignment = CompanionAssignment.objects.current().get(profile=world.profile, companion=world.social)
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    answer = client.post(page, data, **OUTBOX)
    assert answer.status_code == 404 and answer.json()["ok"] is False
    assert not MonthlyReport.objects.exists()


def test_the_same_figures_key_for_another_entrepreneur_is_their_own_report(world):  # noqa: F811
    key = uuid.uuid4()
    mine = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month=_month(), revenue=1, costs=0, client_key=key
    )
    again = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month=_month(2), revenue=9, costs=9, client_key=key
    )
    assert again.pk == mine.pk and MonthlyReport.objects.count() == 1


# -- mentoring sessions -------------------------------------------------------------------------


def _session_data(**overrides) -> dict:
    data = {
        "date": timezone.localdate().isoformat(),
        "mode": "phone",
        "topics": "Harga jual",
        "notes": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "10",
        "items-0-text": "Hitung HPP",
        "items-0-due_date": "",
    }
    data.update(overrides)
    return data


def test_a_session_replayed_twice_is_one_session(client_for, pair):  # noqa: F811
    client = client_for(pair.mentor)
    page = reverse("mentoring:session_new", args=[pair.profile.pk])
    data = _session_data(form_key=_key(client, page))
    answers = [client.post(page, data, **OUTBOX) for _ in range(2)]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["ok"] is True
    session = MentoringSession.objects.get()
    assert answers[0].json()["url"] == reverse("mentoring:session_detail", args=[session.pk])
    assert session.action_items.count() == 1


def test_a_session_with_bad_input_is_refused_and_nothing_is_stored(client_for, pair):  # noqa: F811
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    answer = client_for(pair.mentor).post(
        reverse("mentoring:session_new", args=[pair.profile.pk]), _session_data(date=future), **OUTBOX
    )
    assert answer.status_code == 409
    assert answer.json() == {"ok": False, "message": _id("A session cannot be dated in the future.")}
    assert not MentoringSession.objects.exists()


def test_a_session_key_is_not_reused_for_another_entrepreneur(pair):  # noqa: F811
    from tests.mentoring.factories import make_pair

    key = uuid.uuid4()
    today = timezone.localdate()
    mentoring_services.log_session(
        pair.profile, by=pair.mentor, date=today, mode="phone", topics="a", form_key=key
    )
    other = make_pair(mentor=pair.mentor)
    with pytest.raises(mentoring_services.MentoringError):
        mentoring_services.log_session(
            other.profile, by=pair.mentor, date=today, mode="phone", topics="b", form_key=key
        )
    assert MentoringSession.objects.count() == 1


# -- field visits and complaints (keys existed; the replay answers are new) ------------------


def test_a_visit_replayed_after_the_assignment_ended_is_refused(client_for, pair):  # noqa: F811
    client = client_for(pair.mentor)
    page = reverse("mentoring:visit_new", args=[pair.profile.pk])
    data = form_data(form_key=_key(client, page))
    assignment = CompanionAssignment.objects.current().get(profile=pair.profile, companion=pair.mentor)
    services.end_assignment(assignment, by=pair.manager, reason="Selesai")
    answer = client.post(page, data, **OUTBOX)
    assert answer.status_code == 404
    assert answer.json() == {
        "ok": False,
        "message": _id("This form is no longer open to you, so it was not sent."),
    }
    assert not FieldVisit.objects.exists()


def test_a_complaint_replayed_twice_is_one_complaint(client_for, pair):  # noqa: F811
    from complaints.models import Complaint

    client = client_for(pair.entrepreneur)
    page = reverse("complaints:new")
    data = {"category": "assistance", "description": "Etalase belum datang", "form_key": _key(client, page)}
    answers = [client.post(page, data, **OUTBOX) for _ in range(2)]
    assert answers[0].json() == answers[1].json() and answers[0].json()["ok"] is True
    assert Complaint.objects.count() == 1


# -- quiz answers -------------------------------------------------------------------------------


def test_quiz_answers_replayed_twice_are_one_attempt(client_for, entrepreneur_user):
    lesson = cms_factories.lesson(cms_factories.course())
    client = client_for(entrepreneur_user)
    keys = re.findall(r'name="form_key" value="([0-9a-f-]{36})"', client.get(lesson.url).content.decode())
    assert len(keys) == 1
    data = {"q0": "0", "q1": "1", "form_key": keys[0]}
    action = reverse("cms:submit_quiz", args=[lesson.pk])
    answers = [client.post(action, data, **OUTBOX) for _ in range(2)]
    assert answers[0].json() == answers[1].json() == {"ok": True, "url": lesson.url + "#quiz"}
    assert QuizAttempt.objects.filter(user=entrepreneur_user).count() == 1
    assert keys[0] not in client.get(lesson.url).content.decode()  # each showing has its own key


def test_unanswered_quiz_replay_is_refused_and_nothing_is_stored(client_for, entrepreneur_user):
    lesson = cms_factories.lesson(cms_factories.course())
    answer = client_for(entrepreneur_user).post(
        reverse("cms:submit_quiz", args=[lesson.pk]), {"q0": "0", "form_key": str(uuid.uuid4())}, **OUTBOX
    )
    assert answer.status_code == 409
    assert answer.json() == {"ok": False, "message": _id("Answer every question before checking.")}
    assert not QuizAttempt.objects.exists()


def test_a_quiz_key_belongs_to_one_learner(entrepreneur_user):
    from tests.factories import EntrepreneurUserFactory

    lesson = cms_factories.lesson(cms_factories.course())
    key = uuid.uuid4()
    cms_services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "0", "q1": "0"}, client_key=key)
    someone = EntrepreneurUserFactory()
    cms_services.submit_quiz(lesson, user=someone, answers={"q0": "1", "q1": "1"}, client_key=key)
    assert QuizAttempt.objects.filter(client_key=key).count() == 2


# -- the page parts ------------------------------------------------------------------------------


def test_signed_in_pages_carry_an_opaque_key_per_person_and_the_outbox_badge(client_for, pair):  # noqa: F811
    pages = {}
    for person in (pair.entrepreneur, pair.mentor):
        html = client_for(person).get(reverse("complaints:new")).content.decode()
        pages[person.pk] = re.search(r'data-offline-key="([0-9a-f]+)"', html).group(1)
        assert 'data-outbox-badge hidden data-label="Menunggu sinyal ({n})"' in html
        assert "js/outbox.js" in html
        assert 'data-offline-outbox="complaint"' in html
    assert len(set(pages.values())) == 2
    assert all(str(pk) != key for pk, key in pages.items())


def test_the_outbox_page_is_for_people_signed_in_and_speaks_indonesian(client, client_for, pair):  # noqa: F811
    assert client.get(reverse("outbox")).status_code == 302
    html = client_for(pair.entrepreneur).get(reverse("outbox")).content.decode()
    assert "Menunggu dikirim" in html and 'data-refused="Tidak diterima: mohon periksa"' in html
    assert 'data-discard="Buang"' in html


def test_anonymous_pages_have_no_outbox(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "data-offline-key" not in html and "js/outbox.js" not in html


def test_every_outbox_form_opts_in_with_its_kind_and_one_fresh_key(world, client_for):  # noqa: F811
    lesson = cms_factories.lesson(cms_factories.course())
    pages = [
        (world.entrepreneur, reverse("incubator:milestone_detail", args=[first(world).pk]), "evidence"),
        (world.entrepreneur, reverse("incubator:reports"), "figures"),
        (world.social, reverse("incubator:mentee_reports", args=[world.profile.pk]), "figures"),
        (world.social, reverse("mentoring:visit_new", args=[world.profile.pk]), "visit"),
        (world.social, reverse("mentoring:session_new", args=[world.profile.pk]), "session"),
        (world.entrepreneur, reverse("complaints:new"), "complaint"),
        (world.entrepreneur, lesson.url, "quiz"),
    ]
    for person, page, kind in pages:
        html = client_for(person).get(page).content.decode()
        assert f'data-offline-outbox="{kind}"' in html, page
        keys = re.findall(
            r'<input type="hidden" name="form_key" value="([0-9a-f-]{36})"[^>]*data-form-key', html
        )
        assert len(keys) == 1, page


def test_a_session_replay_by_someone_not_accompanying_the_family_is_refused(client_for, pair):  # noqa: F811
    stranger = MentorProfileFactory().user
    answer = client_for(stranger).post(
        reverse("mentoring:session_new", args=[pair.profile.pk]),
        _session_data(form_key=str(uuid.uuid4())),
        **OUTBOX,
    )
    assert answer.status_code == 404 and answer.json()["ok"] is False
    assert not MentoringSession.objects.exists()


def test_quiz_answers_from_someone_not_in_the_program_store_nothing(client_for, manager_user):
    # Families, companions and pillar members learn; a program manager does not take quizzes.
    lesson = cms_factories.lesson(cms_factories.course())
    answer = client_for(manager_user).post(
        reverse("cms:submit_quiz", args=[lesson.pk]),
        {"q0": "0", "q1": "0", "form_key": str(uuid.uuid4())},
        **OUTBOX,
    )
    # The learning service refuses: the outbox keeps the item with the reason (a refusal, not a retry).
    assert answer.status_code == 409
    assert answer.json() == {
        "ok": False,
        "message": _id("Only families and companions in the program can take quizzes and track progress."),
    }
    assert not QuizAttempt.objects.exists()
