"""Web push: the sender against a push endpoint on loopback that DECRYPTS what it receives (RFC 8291,
aes128gcm), expiry on 410, the subscribe/unsubscribe endpoints, ``/sw.js`` and its click logic."""

from __future__ import annotations

import base64
import datetime
import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from django.test import Client

from notifications import push, services
from notifications.models import Delivery, Notification, PushSubscription
from notifications.senders import SENDERS
from tests.factories import EntrepreneurUserFactory

pytestmark = pytest.mark.django_db

SW = Path(__file__).resolve().parents[2] / "notifications" / "serviceworker" / "sw.js"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def vapid(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = push.generate_vapid_keys()
    settings.VAPID_SUBJECT = "mailto:ops@tumbuh.example"
    settings.TUMBUH_NOTIFY_DELAY = 0
    return settings


class Browser:
    """What a browser keeps for a subscription: an ECDH P-256 key pair and a 16-byte auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.p256dh = b64(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict:
        return json.loads(
            http_ece.decrypt(body, version="aes128gcm", private_key=self.key, auth_secret=self.auth)
        )


@pytest.fixture
def push_service():
    """A push service on 127.0.0.1 that records each POST and answers ``status`` (201 by default)."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(
                {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
            )
            self.send_response(server.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.status = 201
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def push_only(user) -> int:
    """Plan the person's due items (every channel), then send the web push ones."""
    services.plan_offpage(user.pk)
    return services.send_due(user.pk, "push")


def subscribe(user, service, browser, name="abc") -> PushSubscription:
    return PushSubscription.objects.create(
        user=user, endpoint=f"{service.url}/push/{name}", p256dh=browser.p256dh, auth=b64(browser.auth)
    )


def test_the_payload_decrypts_at_the_push_endpoint_to_the_right_item_and_url(vapid, push_service):
    user = EntrepreneurUserFactory()
    browser = Browser()
    subscription = subscribe(user, push_service, browser)
    item = Notification.objects.create(
        recipient=user, kind="milestone_changes", params={"title": "Catat stok", "comment": "Foto buram"}
    )
    assert push_only(user) == 1
    (request,) = push_service.received
    assert request["path"] == "/push/abc"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["ttl"] == str(push.TTL_SECONDS)
    assert request["headers"]["urgency"] == "normal"
    assert request["headers"]["authorization"].startswith("vapid t=")
    assert vapid.VAPID_PUBLIC_KEY in request["headers"]["authorization"]
    payload = browser.decrypt(request["body"])
    assert payload["url"] == f"/notifications/{item.pk}/open/"
    assert payload["tag"] == f"tumbuh-{item.pk}"
    assert "Foto buram" in payload["body"] and "Catat stok" in payload["body"]
    delivery = Delivery.objects.get(notification=item, channel="push")
    assert delivery.status == Delivery.Status.SENT
    subscription.refresh_from_db()
    assert subscription.last_used_at is not None


def test_several_items_go_as_one_digest_that_opens_the_inbox(vapid, push_service):
    user = EntrepreneurUserFactory()
    browser = Browser()
    subscribe(user, push_service, browser)
    for title in ("A", "B", "C"):
        Notification.objects.create(recipient=user, kind="milestone_verified", params={"title": title})
    assert push_only(user) == 3
    (request,) = push_service.received
    payload = browser.decrypt(request["body"])
    assert payload["url"] == "/notifications/" and payload["tag"] == "tumbuh-digest"
    assert "3" in payload["body"]


def test_a_security_item_is_urgent(vapid, push_service):
    user = EntrepreneurUserFactory()
    subscribe(user, push_service, Browser())
    services.notify_security(user, "Login baru")
    push_only(user)
    assert push_service.received[0]["headers"]["urgency"] == "high"


def test_a_410_expires_the_subscription_and_the_delivery_records_why(vapid, push_service):
    push_service.status = 410
    user = EntrepreneurUserFactory()
    subscription = subscribe(user, push_service, Browser())
    item = Notification.objects.create(recipient=user, kind="milestone_verified", params={"title": "A"})
    assert push_only(user) == 0
    subscription.refresh_from_db()
    assert subscription.expired_at is not None
    delivery = Delivery.objects.get(notification=item, channel="push")
    assert delivery.status == Delivery.Status.QUEUED and delivery.attempts == 1
    assert "expired (410)" in delivery.last_error
    assert SENDERS["push"].reachable(user) is False
    # The retry finds nobody reachable on push: cancelled, never sent again.
    assert services.send_due(user.pk, "push", now=delivery.next_attempt_at) == 0
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CANCELLED
    assert len(push_service.received) == 1


def test_a_server_error_is_retried_and_the_subscription_kept(vapid, push_service):
    push_service.status = 500
    user = EntrepreneurUserFactory()
    subscription = subscribe(user, push_service, Browser())
    Notification.objects.create(recipient=user, kind="milestone_verified", params={"title": "A"})
    push_only(user)
    subscription.refresh_from_db()
    assert subscription.expired_at is None
    assert "500" in Delivery.objects.get(channel="push").last_error


def test_without_vapid_keys_nobody_is_reachable_on_push(settings, push_service):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    user = EntrepreneurUserFactory()
    subscribe(user, push_service, Browser())
    assert SENDERS["push"].reachable(user) is False


# -- the endpoints ---------------------------------------------------------------------------


def browser_json(browser: Browser, endpoint="https://fcm.googleapis.com/fcm/send/xyz") -> str:
    return json.dumps({"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": b64(browser.auth)}})


def test_subscribe_and_unsubscribe_need_the_csrf_token(vapid):
    user = EntrepreneurUserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    browser = Browser()
    refused = client.post(
        "/notifications/push/subscribe/", browser_json(browser), content_type="application/json"
    )
    assert refused.status_code == 403
    assert not PushSubscription.objects.exists()
    page = client.get("/notifications/settings/")
    assert b'id="push-device"' in page.content and vapid.VAPID_PUBLIC_KEY.encode() in page.content
    token = page.cookies["csrftoken"].value
    ok = client.post(
        "/notifications/push/subscribe/",
        browser_json(browser),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert ok.json() == {"subscribed": True}
    (subscription,) = PushSubscription.objects.all()
    assert subscription.user == user and subscription.endpoint == "https://fcm.googleapis.com/fcm/send/xyz"
    gone = client.post(
        "/notifications/push/unsubscribe/",
        json.dumps({"endpoint": subscription.endpoint}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert gone.json() == {"removed": 1}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps(["a list"]),
        json.dumps({"endpoint": "http://insecure.example/push", "keys": {"p256dh": "x", "auth": "y"}}),
        json.dumps({"endpoint": "https://push.example/1", "keys": {"p256dh": "short", "auth": "AAAA"}}),
        json.dumps({"endpoint": "https://push.example/1", "keys": "nope"}),
    ],
)
def test_a_bad_subscription_gets_a_clear_400_and_stores_nothing(vapid, client, body):
    client.force_login(EntrepreneurUserFactory())
    response = client.post("/notifications/push/subscribe/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_the_same_browser_moves_to_the_person_who_signs_in(vapid):
    first, second = EntrepreneurUserFactory(), EntrepreneurUserFactory()
    browser = Browser()
    for user in (first, second):
        services.save_push_subscription(
            user, endpoint="https://push.example/same", p256dh=browser.p256dh, auth=b64(browser.auth)
        )
    (subscription,) = PushSubscription.objects.all()
    assert subscription.user == second


def test_the_service_worker_is_served_at_the_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "addEventListener('push'" in body and "addEventListener('notificationclick'" in body


def test_the_click_target_stays_on_the_site_under_node():
    script = f"""
    global.self = {{ addEventListener() {{}}, location: {{ origin: 'https://tumbuh.example' }} }};
    const sw = require({json.dumps(str(SW))});
    const origin = 'https://tumbuh.example';
    console.log(JSON.stringify([
      sw.targetUrl({{ url: '/notifications/7/open/' }}, origin),
      sw.targetUrl({{ url: 'https://evil.example/x' }}, origin),
      sw.targetUrl({{ url: '//evil.example/x' }}, origin),
      sw.targetUrl(null, origin),
      sw.readPayload('{{"title": "T", "body": "B", "url": "/u/", "tag": "t"}}'),
      sw.readPayload('not json'),
    ]));
    """
    out = subprocess.run(["/usr/bin/node", "-e", script], capture_output=True, text=True, check=True).stdout
    same, absolute, scheme_relative, missing, parsed, broken = json.loads(out)
    assert same == "https://tumbuh.example/notifications/7/open/"
    assert absolute == scheme_relative == missing == "https://tumbuh.example/notifications/"
    assert parsed == {"title": "T", "body": "B", "url": "/u/", "tag": "t"}
    assert broken["title"] == "Tumbuh" and broken["url"] == "/notifications/"


def test_vapid_keys_prints_a_pair_that_signs(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.strip().splitlines())
    from py_vapid import Vapid

    vapid = Vapid.from_string(lines["VAPID_PRIVATE_KEY"])
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert b64(public) == lines["VAPID_PUBLIC_KEY"]
    assert lines["VAPID_SUBJECT"].startswith("mailto:")


def test_expired_subscriptions_are_not_used(vapid, push_service):
    user = EntrepreneurUserFactory()
    subscription = subscribe(user, push_service, Browser())
    PushSubscription.objects.filter(pk=subscription.pk).update(
        expired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert SENDERS["push"].reachable(user) is False
