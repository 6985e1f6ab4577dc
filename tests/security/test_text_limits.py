"""Every free-text field has a length limit: one past it is refused with a clear message and
nothing is stored, by the form, by ``full_clean`` and by the services that take text without a form
(docs/limits.md). A request body over 2.5 MB is refused whole."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from complaints.models import Complaint
from incubator import services
from incubator.errors import PromotionError
from incubator.models import (
    MilestoneEvent,
    MonthlyReport,
    PromotionRequest,
)
from mentoring import services as mentoring_services
from mentoring.models import FieldVisit, MentoringSession, Message
from tests.incubator import conftest as incubator_conftest
from tests.incubator.test_services import complete_tier, first, submit
from tests.mentoring.factories import make_pair

# The incubator tests' program, built once for this module at its clock.
_world_once, world = incubator_conftest.world_at(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC))

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_clock():
    # Report months, session and visit dates are chosen relative to today.
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def too_long(limit: int) -> str:
    """The Indonesian message for one character past ``limit`` (the default language)."""
    grouped = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731
    return f"Maksimal {grouped(limit)} karakter (Anda menulis {grouped(limit + 1)})."


def url(name, *args):
    return reverse(name, args=args)


# ---------------------------------------------------------------- the whole request


def test_a_ten_megabyte_note_to_the_reports_page_is_refused_and_nothing_is_stored(world, client_for):
    response = client_for(world.entrepreneur).post(
        url("incubator:reports"),
        {"month": "2026-06-01", "revenue": "1000", "costs": "0", "workers": 0, "notes": "x" * 10_485_760},
    )
    assert response.status_code == 400
    # Refused as a whole body (DATA_UPLOAD_MAX_MEMORY_SIZE), before any form read it.
    assert too_long(2000) not in response.content.decode()
    assert not MonthlyReport.objects.exists()


# ---------------------------------------------------------------- the entrepreneur's forms


def test_report_notes_one_past_the_limit(world, client_for):
    data = {"month": "2026-06-01", "revenue": "1000", "costs": "0", "workers": 0}
    client = client_for(world.entrepreneur)
    response = client.post(url("incubator:reports"), {**data, "notes": "x" * 2001})
    assert response.status_code == 400
    assert too_long(2000) in response.content.decode()
    assert not MonthlyReport.objects.exists()
    assert client.post(url("incubator:reports"), {**data, "notes": "x" * 2000}).status_code == 302


def test_business_description_one_past_the_limit(world, client_for):
    data = {
        "business_name": world.profile.business_name,
        "sector": "food",
        "province": world.province.pk,
        "regency": world.regency.pk,
        "district": world.district.pk,
        "business_description": "x" * 4001,
    }
    response = client_for(world.entrepreneur).post(url("incubator:profile"), data)
    assert response.status_code == 400
    assert too_long(4000) in response.content.decode()
    world.profile.refresh_from_db()
    assert world.profile.business_description == ""


def test_evidence_text_one_past_the_limit(world, client_for):
    milestone = first(world)
    response = client_for(world.entrepreneur).post(
        url("incubator:milestone_detail", milestone.pk), {"text": "x" * 4001, "expected_version": 0}
    )
    assert response.status_code == 400
    assert too_long(4000) in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.version, milestone.evidence_text) == (0, "")
    assert not MilestoneEvent.objects.filter(milestone=milestone).exists()


def test_review_comment_one_past_the_limit(world, client_for):
    milestone = submit(first(world), world.entrepreneur)
    response = client_for(world.mentor).post(
        url("incubator:review_milestone", milestone.pk),
        {"decision": "changes", "comment": "x" * 2001, "expected_version": 1},
    )
    assert response.status_code == 400
    assert too_long(2000) in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.review_comment) == ("submitted", "")


# ---------------------------------------------------------------- companions' forms


@pytest.fixture
def pair(db):
    return make_pair()


def test_session_notes_one_past_the_limit(pair, client_for):
    response = client_for(pair.mentor).post(
        url("mentoring:session_new", pair.profile.pk),
        {
            "date": TODAY.isoformat(),
            "mode": "phone",
            "topics": "Pembukuan",
            "notes": "x" * 4001,
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert too_long(4000) in response.content.decode()  # the page is shown again (200) with the error
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize("field", ["summary", "internal_notes"])
def test_visit_text_one_past_the_limit(pair, client_for, field):
    data = {
        "visited_on": TODAY.isoformat(),
        "purpose": "guidance",
        "district": "Cicendo",
        "village": "Pasirkaliki",
        "summary": "Kami hitung HPP bersama.",
        "internal_notes": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        field: "x" * 4001,
    }
    response = client_for(pair.mentor).post(url("mentoring:visit_new", pair.profile.pk), data)
    assert response.status_code == 400
    assert too_long(4000) in response.content.decode()
    assert not FieldVisit.objects.exists()


def test_visit_village_one_past_the_limit(pair, client_for):
    response = client_for(pair.mentor).post(
        url("mentoring:visit_new", pair.profile.pk),
        {
            "visited_on": TODAY.isoformat(),
            "purpose": "guidance",
            "district": "Cicendo",
            "village": "x" * 101,
            "summary": "Kami hitung HPP bersama.",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert too_long(100) in response.content.decode()
    assert not FieldVisit.objects.exists()


def test_complaint_one_past_the_limit(pair, client_for):
    response = client_for(pair.entrepreneur).post(
        url("complaints:new"), {"category": "assistance", "description": "x" * 4001}
    )
    assert too_long(4000) in response.content.decode()
    assert not Complaint.objects.exists()


# ---------------------------------------------------------------- every form and every model


def _forms():
    from accounts.forms import PhoneSignupForm, SignupForm
    from complaints.forms import InformationForm, ReportMessageForm
    from incubator.forms import AssistedRegistrationForm, BusinessProfileForm, RecommendForm
    from mentoring.forms import ActionItemForm, SendForm
    from workspace.forms import EndAssignmentForm, OptionalReasonForm, ReasonForm

    profile = {"enrolling": True, "needs_consent": True}
    assisted = {"region_ids": set()}
    return [
        (SignupForm, {}, {}, "full_name", 150),
        (PhoneSignupForm, {}, {}, "full_name", 150),
        (AssistedRegistrationForm, assisted, {}, "full_name", 150),
        (AssistedRegistrationForm, assisted, {}, "business_name", 150),
        (AssistedRegistrationForm, assisted, {}, "village", 120),
        (BusinessProfileForm, profile, {}, "business_name", 150),
        (BusinessProfileForm, profile, {}, "village", 120),
        (RecommendForm, {}, {}, "note", 2000),
        (ActionItemForm, {}, {}, "text", 300),
        (SendForm, {}, {"client_id": str(uuid.uuid4())}, "body", 4000),
        (ReportMessageForm, {}, {"category": "mentoring"}, "description", 4000),
        (InformationForm, {}, {}, "note", 4000),
        (ReasonForm, {}, {}, "reason", 1000),
        (OptionalReasonForm, {}, {}, "reason", 1000),
        (EndAssignmentForm, {}, {}, "reason", 200),
    ]


@pytest.mark.parametrize(
    ("form_class", "kwargs", "data", "field", "limit"),
    [pytest.param(*case, id=f"{case[0].__name__}.{case[3]}") for case in _forms()],
)
def test_forms_refuse_one_past_the_limit(db, form_class, kwargs, data, field, limit):
    form = form_class({**data, field: "x" * (limit + 1)}, **kwargs)
    assert not form.is_valid()
    assert form.errors[field] == [too_long(limit)]
    assert form.fields[field].widget.attrs["maxlength"] == str(limit)
    assert field not in form_class({**data, field: "x" * limit}, **kwargs).errors


OWN_APPS = ["accounts", "incubator", "mentoring", "complaints"]


def _text_fields():
    for label in OWN_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.TextField):
                    yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize(("model", "field"), list(_text_fields()))
def test_every_text_field_has_a_limit_that_full_clean_checks(model, field):
    assert field.max_length, f"{model.__name__}.{field.name} has no max_length"
    with pytest.raises(ValidationError):
        field.clean("x" * (field.max_length + 1), model())
    field.clean("x" * field.max_length, model())


# ---------------------------------------------------------------- services that take text without a form


def test_chat_service_refuses_one_past_the_limit(pair):
    with pytest.raises(mentoring_services.MentoringError) as refused:
        mentoring_services.send_message(
            pair.conversation, sender=pair.entrepreneur, body="x" * 4001, client_id=uuid.uuid4()
        )
    assert refused.value.code == "too_long"
    assert not Message.objects.exists()


def test_declining_a_promotion_with_an_overlong_reason_changes_nothing(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor, note="Siap")
    with pytest.raises(PromotionError, match=r"1\.001"):
        services.decline_promotion(request, by=world.manager, reason="x" * 1001)
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == (PromotionRequest.Status.PENDING, "")
    services.decline_promotion(request, by=world.manager, reason="x" * 1000)
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.DECLINED


def test_an_imported_row_with_an_overlong_name_is_refused(db):
    from workspace.importing import check_rows

    row = dict.fromkeys(
        ["name", "phone", "email", "province", "regency", "district", "business_name", "sector", "cohort"], ""
    )
    with translation.override("en"):
        (too_long_row,) = check_rows([{**row, "name": "x" * 151, "business_name": "Warung"}])
        (at_limit,) = check_rows([{**row, "name": "x" * 150, "business_name": "Warung"}])
    assert "The name or business name is longer than 150 characters." in too_long_row.errors
    assert not any("150" in error for error in at_limit.errors)
