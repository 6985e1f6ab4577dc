"""Journey 2: a mentor (desktop) and an entrepreneur (phone) chat live; the phone goes offline and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mentoring.models import Message
from tests.e2e.conftest import DESKTOP, PHONE, Network, journey, session_cookie
from tests.mentoring.factories import make_pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def strings(page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('chat-i18n').textContent)")


def wait_status(page, key: str) -> None:
    expect(page.locator("[data-connection]")).to_have_text(strings(page)[key])


def bodies(page) -> list[str]:
    return page.locator("[data-log] .chat-msg .chat-body").all_text_contents()


def test_live_chat_with_typing_read_state_and_an_offline_phone(e2e_server):
    pair = make_pair()
    url = e2e_server["url"]
    mentor_cookie = session_cookie(pair.mentor, url)
    entrepreneur_cookie = session_cookie(pair.entrepreneur, url)
    chat_url = f"/chat/{pair.conversation.pk}/"

    with journey(e2e_server, "chat") as j:
        mentor = j.page(viewport=DESKTOP, cookies=[mentor_cookie])
        phone = j.page(viewport=PHONE, cookies=[entrepreneur_cookie])
        network = Network(phone)
        for page in (mentor, phone):
            page.goto(chat_url)
            wait_status(page, "online")
        j.step(mentor, "mentor-opens-chat")
        j.step(phone, "entrepreneur-opens-chat")

        # Typing shows live on the other side.
        phone.locator("[data-body]").press_sequentially("Halo Pak")
        expect(mentor.locator("[data-typing]")).to_be_visible()
        j.step(mentor, "mentor-sees-typing")

        # A message appears live; the mentor's open page reads it, so the phone shows it as read.
        phone.locator("[data-body]").press("Enter")
        expect(mentor.locator(".chat-msg.theirs .chat-body")).to_have_text(["Halo Pak"])
        # C9: the typing line goes as the message arrives (it lingered up to 4 s); E20: the live message's
        # "Report" link sits in its meta line, like the server-rendered ones.
        expect(mentor.locator("[data-typing]")).to_be_hidden(timeout=1000)
        expect(mentor.locator(".chat-msg.theirs .chat-meta [data-report]")).to_have_count(1)
        expect(phone.locator(".chat-msg.mine").first).to_have_attribute("data-state-name", "read")
        j.step(phone, "entrepreneur-message-read")

        mentor.locator("[data-body]").fill("Halo Bu, apa kabar usahanya?")
        mentor.locator("[data-body]").press("Enter")
        expect(phone.locator(".chat-msg.theirs .chat-body")).to_have_text(["Halo Bu, apa kabar usahanya?"])
        j.step(phone, "entrepreneur-sees-reply")

        # The phone loses its network: the socket closes and the page says so.
        network.go_offline()
        wait_status(phone, "offline")
        j.step(phone, "entrepreneur-offline")
        offline_replies = ["Sudah catat penjualan?", "Jangan lupa foto bukti", "Besok saya datang"]
        for text in offline_replies:
            mentor.locator("[data-body]").fill(text)
            mentor.locator("[data-body]").press("Enter")
        expect(mentor.locator(".chat-msg.mine[data-state-name='sent'] .chat-body")).to_have_text(
            offline_replies
        )
        phone.locator("[data-body]").fill("Siap, nanti saya kirim")
        phone.locator("[data-body]").press("Enter")
        expect(phone.locator(".chat-msg.mine[data-state-name='pending']")).to_have_count(1)
        # A pending message is outlined, not dimmed: axe finds no contrast violation on it any more.
        j.step(phone, "entrepreneur-queued-offline")

        # Back online: everything arrives once, in order, on both sides.
        network.go_online()
        expected = ["Halo Pak", "Halo Bu, apa kabar usahanya?", *offline_replies, "Siap, nanti saya kirim"]
        expect(phone.locator("[data-log] .chat-msg .chat-body")).to_have_text(expected)
        expect(mentor.locator("[data-log] .chat-msg .chat-body")).to_have_text(expected)
        expect(phone.locator(".chat-msg.mine[data-state-name='pending']")).to_have_count(0)
        wait_status(phone, "online")
        j.step(phone, "entrepreneur-back-online")
        j.step(mentor, "mentor-after-reconnect")

        # A reload shows the same conversation from the database: nothing lost, nothing doubled.
        phone.reload()
        expect(phone.locator("[data-log] .chat-msg .chat-body")).to_have_text(expected)
        final_phone, final_mentor = bodies(phone), bodies(mentor)

    assert final_phone == final_mentor == expected
    stored = list(
        Message.objects.filter(conversation=pair.conversation).order_by("pk").values_list("body", flat=True)
    )
    assert stored == expected
