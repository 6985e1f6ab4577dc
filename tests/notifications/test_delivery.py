"""Off-page delivery: the delay-and-digest rule, quiet hours per time zone, the daily SMS cap,
opt-outs (security messages excepted), idempotence and retries with backoff."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from notifications import services
from notifications.models import Delivery, Notification
from notifications.senders import next_daytime
from notifications.timezones import WIB, WIT, WITA, zone_for
from tests.factories import EntrepreneurUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, ProvinceFactory, RegencyFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
NOON = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=JAKARTA)
MINUTE = datetime.timedelta(minutes=1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _delay(settings):
    settings.TUMBUH_NOTIFY_DELAY = 600
    settings.TUMBUH_SMS_PER_DAY = 3
    settings.TUMBUH_NOTIFY_MAX_ATTEMPTS = 3
    settings.TUMBUH_NOTIFY_RETRY_SECONDS = 60


def person(code: str = "32", **kw):
    province = ProvinceFactory(name=f"Provinsi {code}", code=code)
    regency = RegencyFactory(name=f"Kabupaten {code}", parent=province, code=f"{code}.01")
    return EntrepreneurProfileFactory(
        province=province, regency=regency, user=EntrepreneurUserFactory(**kw)
    ).user


def item(user, at=NOON, kind="milestone_verified", **params):
    return Notification.objects.create(
        recipient=user, kind=kind, params=params or {"title": "Capaian 1"}, created_at=at
    )


def test_nothing_goes_out_before_the_delay(outbox):
    user = person()
    item(user)
    assert services.deliver_for_user(user.pk, now=NOON + 9 * MINUTE) == 0
    assert outbox == [] and mail.outbox == []


def test_an_unseen_item_goes_by_sms_and_email_after_the_delay(outbox):
    user = person()
    n = item(user)
    services.deliver_for_user(user.pk, now=NOON + 10 * MINUTE)
    [sms] = outbox
    assert sms.to == user.phone and sms.text.startswith(
        "Tumbuh: Capaian Anda “Capaian 1” sudah diverifikasi."
    )
    assert f"/notifications/{n.pk}/open/" in sms.text and len(sms.text) <= 160
    [email] = mail.outbox
    assert email.to == [user.email]
    assert set(Delivery.objects.values_list("channel", "status")) == {("sms", "sent"), ("email", "sent")}


def test_an_item_seen_in_the_app_within_the_delay_stays_in_the_app(outbox):
    user = person()
    n = item(user)
    services.mark_seen(user=user, ids=[n.pk], now=NOON + 5 * MINUTE)
    services.deliver_for_user(user.pk, now=NOON + 20 * MINUTE)
    assert outbox == [] and mail.outbox == [] and not Delivery.objects.exists()


def test_opening_the_target_page_counts_as_seen(outbox):
    user = person()
    n = item(user)
    Notification.objects.filter(pk=n.pk).update(url="/portal/milestones/7/")
    services.mark_path_seen(user=user, path="/portal/milestones/7/", now=NOON + MINUTE)
    services.deliver_for_user(user.pk, now=NOON + 20 * MINUTE)
    assert outbox == []


def test_several_pending_items_go_as_one_digest(outbox):
    user = person()
    for minute in range(3):
        item(user, at=NOON + minute * MINUTE)
    services.deliver_for_user(user.pk, now=NOON + 15 * MINUTE)
    [sms] = outbox
    assert sms.text.startswith("Tumbuh: Ada 3 kabar baru untuk Anda.")
    assert len(mail.outbox) == 1 and "3" in mail.outbox[0].subject
    assert Delivery.objects.filter(channel="sms").values("batch").distinct().count() == 1


def test_no_verified_phone_no_sms(outbox):
    user = person(phone_verified=False)
    item(user)
    services.deliver_for_user(user.pk, now=NOON + 10 * MINUTE)
    assert outbox == [] and len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("code", "zone"),
    [("32", WIB), ("61", WIB), ("51", WITA), ("73", WITA), ("64", WITA), ("81", WIT), ("94", WIT), ("", WIB)],
)
def test_the_time_zone_comes_from_the_province(code, zone):
    assert zone_for(person(code)) == zone


@pytest.mark.parametrize(
    ("local", "zone", "expected_local"),
    [
        ((20, 59), WIB, (20, 59)),
        ((21, 0), WIB, (6, 0)),  # next day
        ((5, 59), WITA, (6, 0)),  # same day
        ((6, 0), WIT, (6, 0)),
        ((23, 30), WIT, (6, 0)),
    ],
)
def test_quiet_hours_edges(local, zone, expected_local):
    now = datetime.datetime(2026, 12, 1, *local, tzinfo=zone)
    allowed = next_daytime(now, zone).astimezone(zone)
    assert (allowed.hour, allowed.minute) == expected_local
    assert allowed >= now and allowed - now < datetime.timedelta(hours=10)


def test_an_sms_at_night_in_papua_waits_for_six_in_the_morning_there(outbox):
    user = person("94")  # WIT: 21:30 in Jayapura is 19:30 in Jakarta
    at = datetime.datetime(2026, 12, 1, 21, 30, tzinfo=WIT)
    item(user, at=at - 10 * MINUTE)
    services.deliver_for_user(user.pk, now=at)
    assert outbox == [] and len(mail.outbox) == 1  # e-mail has no quiet hours
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.status == "queued"
    assert delivery.next_attempt_at == datetime.datetime(2026, 12, 2, 6, 0, tzinfo=WIT)
    services.send_due(user.pk, "sms", now=datetime.datetime(2026, 12, 2, 5, 59, tzinfo=WIT))
    assert outbox == []
    services.send_due(user.pk, "sms", now=datetime.datetime(2026, 12, 2, 6, 0, tzinfo=WIT))
    assert len(outbox) == 1  # deferred, not dropped


def test_the_same_hour_is_daytime_in_jakarta(outbox):
    user = person("32")
    at = datetime.datetime(2026, 12, 1, 20, 30, tzinfo=WIB)  # 22:30 in Jayapura, 20:30 in Jakarta
    item(user, at=at - 10 * MINUTE)
    services.deliver_for_user(user.pk, now=at)
    assert len(outbox) == 1


def test_at_most_n_sms_per_day_then_the_next_morning(outbox, settings):
    settings.TUMBUH_SMS_PER_DAY = 2
    user = person()
    for hour in range(3):
        at = NOON + datetime.timedelta(hours=hour)
        item(user, at=at)
        services.deliver_for_user(user.pk, now=at + 10 * MINUTE)
    assert len(outbox) == 2
    waiting = Delivery.objects.get(channel="sms", status="queued")
    assert waiting.next_attempt_at == datetime.datetime(2026, 12, 2, 6, 0, tzinfo=WIB)
    services.send_due(user.pk, "sms", now=waiting.next_attempt_at)
    assert len(outbox) == 3


def test_opting_out_of_sms_keeps_email(outbox):
    user = person()
    services.set_preferences(user, sms=False, email=True, push=True)
    item(user)
    services.deliver_for_user(user.pk, now=NOON + 10 * MINUTE)
    assert outbox == [] and len(mail.outbox) == 1


def test_security_messages_ignore_opt_outs(outbox):
    user = person()
    services.set_preferences(user, sms=False, email=False, push=False)
    with time_machine.travel(NOON, tick=False):
        services.notify_security(user, "Ada yang masuk ke akun Anda dari perangkat baru.")
        item(user)  # an ordinary item: opted out
    services.deliver_for_user(user.pk, now=NOON + 10 * MINUTE)
    [sms] = outbox
    assert "Pemberitahuan keamanan" in sms.text
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(notification__kind="milestone_verified").count() == 0


def test_running_the_send_twice_sends_once(outbox):
    user = person()
    item(user)
    services.plan_offpage(user.pk, now=NOON + 10 * MINUTE)
    assert services.send_due(user.pk, "sms", now=NOON + 10 * MINUTE) == 1
    assert services.send_due(user.pk, "sms", now=NOON + 10 * MINUTE) == 0
    assert services.deliver_for_user(user.pk, now=NOON + 11 * MINUTE) == 1  # the e-mail only
    assert len(outbox) == 1 and len(mail.outbox) == 1


def test_an_item_seen_while_its_sms_waits_for_the_morning_is_not_sent(outbox):
    user = person()
    at = datetime.datetime(2026, 12, 1, 22, 0, tzinfo=WIB)
    n = item(user, at=at - 10 * MINUTE)
    services.deliver_for_user(user.pk, now=at)
    services.open_notification(n, now=at + MINUTE)
    services.send_due(user.pk, "sms", now=datetime.datetime(2026, 12, 2, 6, 0, tzinfo=WIB))
    assert outbox == []
    assert Delivery.objects.get(channel="sms").status == "cancelled"


def test_failures_are_retried_with_backoff_then_marked_failed(outbox, settings, monkeypatch):
    from accounts import sms

    def broken(self, messages):
        raise ConnectionError("gateway down")

    monkeypatch.setattr(sms.LocmemBackend, "send_messages", broken)
    user = person()
    item(user)
    now = NOON + 10 * MINUTE
    services.plan_offpage(user.pk, now=now)
    services.send_due(user.pk, "sms", now=now)
    d = Delivery.objects.get(channel="sms")
    assert (d.status, d.attempts, d.next_attempt_at) == ("queued", 1, now + datetime.timedelta(seconds=60))
    assert "ConnectionError" in d.last_error
    services.send_due(user.pk, "sms", now=now + datetime.timedelta(seconds=30))  # not due yet
    d.refresh_from_db()
    assert d.attempts == 1
    now = d.next_attempt_at
    services.send_due(user.pk, "sms", now=now)
    d.refresh_from_db()
    assert (d.status, d.attempts, d.next_attempt_at) == ("queued", 2, now + datetime.timedelta(seconds=120))
    services.send_due(user.pk, "sms", now=d.next_attempt_at)
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("failed", 3)
    monkeypatch.undo()
    services.send_due(user.pk, "sms", now=d.next_attempt_at + datetime.timedelta(days=1))
    assert outbox == []  # failed stays failed


def test_the_sweep_plans_and_sends_for_everyone_due(outbox):
    first, second = person(), person()
    item(first)
    item(second, at=NOON + 5 * MINUTE)
    assert services.sweep(now=NOON + 10 * MINUTE) == 2  # first's SMS and e-mail
    assert services.sweep(now=NOON + 15 * MINUTE) == 2
    assert len(outbox) == 2
