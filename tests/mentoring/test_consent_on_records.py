"""Sessions and field visits about a family who withdrew consent are refused, clearly, and store nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts import services as account_services
from mentoring import services, visits
from mentoring.models import FieldVisit, MentoringSession
from mentoring.services import Forbidden
from tests.mentoring.test_visits import form_data, visit_input

pytestmark = pytest.mark.django_db
REFUSAL = "withdrawn their consent"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def withdrawn(pair):
    account_services.record_consent(pair.entrepreneur)
    account_services.withdraw_consent(pair.entrepreneur, by=pair.entrepreneur)
    return pair


def log_session(pair):
    return services.log_session(
        pair.profile, by=pair.mentor, date=timezone.localdate(), mode="visit", topics="HPP dan harga jual"
    )


def test_a_session_is_refused_once_the_family_withdrew_consent(withdrawn):
    with pytest.raises(Forbidden, match=REFUSAL):
        log_session(withdrawn)
    assert not MentoringSession.objects.exists()


def test_a_visit_is_refused_once_the_family_withdrew_consent(withdrawn):
    with pytest.raises(Forbidden, match=REFUSAL):
        visits.log_visit(withdrawn.profile, by=withdrawn.mentor, data=visit_input())
    assert not FieldVisit.objects.exists()


def test_consent_given_again_allows_records_again(withdrawn):
    account_services.record_consent(withdrawn.entrepreneur)
    assert log_session(withdrawn).pk
    assert visits.log_visit(withdrawn.profile, by=withdrawn.mentor, data=visit_input()).pk


def test_a_family_with_consent_can_be_recorded(pair):
    account_services.record_consent(pair.entrepreneur)
    assert log_session(pair).pk


def test_the_visit_form_shows_the_refusal_and_stores_nothing(withdrawn, client):
    client.force_login(withdrawn.mentor)
    response = client.post(reverse("mentoring:visit_new", args=[withdrawn.profile.pk]), form_data())
    assert response.status_code == 400 and REFUSAL in response.content.decode()
    assert not FieldVisit.objects.exists()
