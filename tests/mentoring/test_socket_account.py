"""Open sockets follow the account: deactivation, a new password or a deleted session closes them
with 4401 at once, and a frame sent afterwards stores nothing (docs/chat-protocol.md)."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from mentoring.models import Message
from tests.factories import PASSWORD, UserFactory
from tests.mentoring.conftest import close_open_sockets, open_socket

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()


@pytest.fixture(autouse=True)
async def _disconnect_after_each_test():
    yield
    await close_open_sockets()


def chat_path(pair) -> str:
    return f"/ws/chat/{pair.conversation.pk}/"


async def expect_close(communicator, code: int) -> None:
    output = await communicator.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": code}


async def entrepreneur_sockets(pair, session_cookie):
    """The entrepreneur's chat socket and notification stream (its first frame read), one session."""
    cookie = await session_cookie(pair.entrepreneur)
    chat, ok1 = await open_socket(chat_path(pair), cookie)
    notes, ok2 = await open_socket("/ws/notifications/", cookie)
    assert ok1 and ok2
    assert (await notes.receive_json_from(timeout=3))["type"] == "unread"
    return chat, notes


async def assert_later_send_is_not_stored(chat) -> None:
    await chat.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": "masih bisa?"})
    assert await chat.receive_nothing(timeout=0.3)
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_deactivating_the_account_closes_chat_and_notification_sockets(pair, session_cookie):
    chat, notes = await entrepreneur_sockets(pair, session_cookie)

    def deactivate():  # what Wagtail's user edit form and any service do: change and save
        user = User.objects.get(pk=pair.entrepreneur.pk)
        user.is_active = False
        user.save()

    await database_sync_to_async(deactivate)()
    await expect_close(chat, 4401)
    await expect_close(notes, 4401)
    await assert_later_send_is_not_stored(chat)


async def test_wagtail_bulk_deactivation_closes_the_sockets(pair, session_cookie):
    chat, notes = await entrepreneur_sockets(pair, session_cookie)

    def bulk_deactivate():
        admin = UserFactory(is_superuser=True, is_staff=True)
        client = Client()
        client.force_login(admin)
        response = client.post(
            f"/cms/bulk/accounts/user/set_active_state/?id={pair.entrepreneur.pk}",
            {"mark_as_active": "False"},
        )
        assert response.status_code == 302
        assert not User.objects.get(pk=pair.entrepreneur.pk).is_active

    await database_sync_to_async(bulk_deactivate)()
    await expect_close(chat, 4401)
    await expect_close(notes, 4401)
    await assert_later_send_is_not_stored(chat)


async def test_a_new_password_closes_every_socket_of_the_person(pair, session_cookie):
    chat, notes = await entrepreneur_sockets(pair, session_cookie)
    other_phone, _ = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))

    def change_password():
        user = User.objects.get(pk=pair.entrepreneur.pk)
        user.set_password("kata-sandi-baru-2026")
        user.save()

    await database_sync_to_async(change_password)()
    for socket in (chat, notes, other_phone):
        await expect_close(socket, 4401)
    await assert_later_send_is_not_stored(chat)


async def test_a_password_change_in_another_session_closes_this_one(pair, session_cookie):
    chat, notes = await entrepreneur_sockets(pair, session_cookie)

    def change_elsewhere():
        client = Client()
        client.force_login(pair.entrepreneur)
        response = client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "Kata-sandi-baru-2026",
                "password2": "Kata-sandi-baru-2026",
            },
        )
        assert response.status_code == 302, response.content[:2000]

    await database_sync_to_async(change_elsewhere)()
    await expect_close(chat, 4401)
    await expect_close(notes, 4401)
    await assert_later_send_is_not_stored(chat)


async def test_a_deleted_session_closes_its_sockets_without_waiting_for_a_frame(pair, session_cookie):
    cookie = await session_cookie(pair.entrepreneur)
    chat, _ = await open_socket(chat_path(pair), cookie)
    other_session, _ = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))
    await database_sync_to_async(Session.objects.filter(session_key=cookie).delete)()
    await expect_close(chat, 4401)
    await assert_later_send_is_not_stored(chat)
    assert await other_session.receive_nothing(timeout=0.2)


async def test_saving_other_fields_leaves_the_sockets_open(pair, session_cookie):
    chat, notes = await entrepreneur_sockets(pair, session_cookie)

    def rename():
        user = User.objects.get(pk=pair.entrepreneur.pk)
        user.full_name = "Nama Baru"
        user.save()

    await database_sync_to_async(rename)()
    await chat.send_json_to({"type": "sync", "after": 0})
    assert (await chat.receive_json_from(timeout=3))["type"] == "messages"
    assert await notes.receive_nothing(timeout=0.2)


# -- the per-frame re-check, when no event arrived (updates that bypass save()) -------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"is_active": False}, id="deactivated"),
        pytest.param({"password": "md5$changed$0123456789abcdef"}, id="password"),
    ],
)
async def test_the_recheck_refuses_an_inactive_account_or_a_stale_password_hash(
    pair, session_cookie, monkeypatch, change
):
    from mentoring import consumers

    chat, notes = await entrepreneur_sockets(pair, session_cookie)
    monkeypatch.setattr(consumers, "SESSION_RECHECK_SECONDS", 0)
    await database_sync_to_async(User.objects.filter(pk=pair.entrepreneur.pk).update)(**change)
    await chat.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": "halo"})
    await expect_close(chat, 4401)
    await notes.send_to(text_data="{}")
    await expect_close(notes, 4401)
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_the_recheck_keeps_a_valid_session_open(pair, session_cookie, monkeypatch):
    from mentoring import consumers

    chat, _notes = await entrepreneur_sockets(pair, session_cookie)
    monkeypatch.setattr(consumers, "SESSION_RECHECK_SECONDS", 0)
    await chat.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": "halo"})
    kinds = {(await chat.receive_json_from(timeout=3))["type"] for _ in range(2)}
    assert kinds == {"ack", "message"}
