"""Consent: versioned texts re-asked at sign-in, withdrawal, and companions refused afterwards."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts import selectors, services
from accounts.errors import AccountError
from accounts.models import ConsentRecord, ConsentText
from incubator import services as incubator_services
from incubator.errors import NotAllowed
from incubator.models import MonthlyReport

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC)


def publish(version: str, when: datetime.datetime) -> ConsentText:
    return ConsentText.objects.create(
        version=version, body_id="Teks " + version, body_en="Text " + version, published_at=when
    )


def test_load_consent_is_idempotent_and_sets_the_current_version():
    call_command("load_consent")
    call_command("load_consent")
    assert ConsentText.objects.count() == 1
    assert selectors.current_consent_version() == "2026-11"


@time_machine.travel(NOW, tick=False)
def test_a_newer_text_is_asked_at_sign_in_until_accepted(world, client):
    publish("2026-11", NOW - datetime.timedelta(days=60))
    publish("2026-12", NOW - datetime.timedelta(days=1))
    client.force_login(world.entrepreneur)  # their consent names 2026-11
    response = client.get(reverse("incubator:portal_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consent:ask"))
    page = client.get(reverse("consent:ask"))
    assert "Teks 2026-12" in page.content.decode() or "Text 2026-12" in page.content.decode()
    client.post(reverse("consent:ask"), {"accept": "yes", "version": "2026-12"})
    assert selectors.latest_consent(world.entrepreneur.pk).policy_version == "2026-12"
    assert client.get(reverse("incubator:portal_home")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_current_text_is_not_asked_again(world, client):
    publish("2026-11", NOW - datetime.timedelta(days=60))
    client.force_login(world.entrepreneur)
    assert client.get(reverse("incubator:portal_home")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_sign_out_and_the_data_page_stay_open_while_consent_is_pending(world, client):
    publish("2026-12", NOW - datetime.timedelta(days=1))
    client.force_login(world.entrepreneur)
    assert client.get(reverse("privacy:data")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@time_machine.travel(NOW, tick=False)
def test_accepting_an_outdated_version_is_refused(world):
    publish("2026-12", NOW - datetime.timedelta(days=1))
    with pytest.raises(AccountError):
        services.accept_consent(world.entrepreneur, version="2026-11")
    assert selectors.latest_consent(world.entrepreneur.pk).policy_version == "2026-11"


def test_withdrawal_records_who_and_when(world):
    with time_machine.travel(NOW, tick=False):
        services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)
    record = ConsentRecord.objects.get(user=world.entrepreneur)
    assert record.withdrawn_at == NOW
    assert record.withdrawn_by == world.entrepreneur
    assert selectors.consent_withdrawn(world.entrepreneur.pk)


def test_only_the_person_withdraws_and_only_once(world):
    with pytest.raises(AccountError):
        services.withdraw_consent(world.entrepreneur, by=world.mentor)
    assert not selectors.consent_withdrawn(world.entrepreneur.pk)
    services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)
    with pytest.raises(AccountError):
        services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)


def test_withdrawn_people_are_not_asked_again_at_sign_in(world, client):
    services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)
    publish("2027-01", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert not selectors.needs_new_consent(world.entrepreneur)


@translation.override("en")
def test_after_withdrawal_companions_cannot_enter_data_on_their_behalf(world):
    services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)
    with pytest.raises(NotAllowed, match="withdrawn their consent"):
        incubator_services.record_monthly_report(
            world.profile, by=world.mentor, month="2026-10-01", revenue=1_000_000, costs=500_000
        )
    with pytest.raises(NotAllowed, match="withdrawn their consent"):
        incubator_services.update_business_profile(world.profile, by=world.mentor, village="Sukamaju")
    assert not MonthlyReport.objects.filter(profile=world.profile).exists()
    # The family still can.
    incubator_services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-10-01", revenue=1_000_000, costs=500_000
    )


def test_after_withdrawal_the_companion_sees_consent_withdrawn(world, client):
    url = reverse("incubator:mentee_detail", args=[world.profile.pk])
    client.force_login(world.mentor)
    assert "Consent withdrawn" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    services.withdraw_consent(world.entrepreneur, by=world.entrepreneur)
    assert "Consent withdrawn" in client.get("/en" + url).content.decode()


def test_withdrawing_from_the_data_page_needs_the_confirmation_box(world, client):
    client.force_login(world.entrepreneur)
    client.post(reverse("privacy:withdraw"))
    assert not selectors.consent_withdrawn(world.entrepreneur.pk)
    client.post(reverse("privacy:withdraw"), {"confirm": "yes"})
    assert selectors.consent_withdrawn(world.entrepreneur.pk)
