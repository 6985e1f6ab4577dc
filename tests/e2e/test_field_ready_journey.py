"""Journey: what only a browser proves of issue 15's field-ready list, not walked by another journey.

On a 360×800 phone an entrepreneur signs in with a code and asks for it again after the countdown (E9,
§8.8), reads the older part of her timeline (§8.12), loads earlier chat messages in place without leaving
the live conversation (§8.12) and sees the photo she chose before sending it (E20, §8.13); her mentor, who
has no admin access, opens /cms/ and gets the "not allowed" page, not a redirect loop (C2).
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from mentoring import services
from mentoring.models import Message
from tests.e2e.conftest import DESKTOP, journey, read_sms, session_cookie
from tests.mentoring.factories import MessageFactory, make_pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_NUMBER = "+6281377712345"
SESSIONS = 32  # the timeline shows 30 entries a page (mentoring.timeline.PAGE_SIZE)
MESSAGES = 60  # the chat page renders the latest 50


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_code_resend_timeline_pages_earlier_messages_photo_preview_and_cms_refusal(e2e_server, sms_dir):
    pair = make_pair()
    user = pair.entrepreneur
    user.full_name = "Ibu Nining Suryani"
    user.phone = PHONE_NUMBER
    user.save(update_fields=["full_name", "phone"])
    today = timezone.localdate()
    for days in range(1, SESSIONS + 1):
        services.log_session(
            pair.profile,
            by=pair.mentor,
            date=today - datetime.timedelta(days=days),
            mode="phone",
            topics=f"Sesi ke-{days}: pembukuan",
        )
    MessageFactory.create_batch(MESSAGES, conversation=pair.conversation, sender=pair.mentor)
    bodies = list(
        Message.objects.filter(conversation=pair.conversation).order_by("pk").values_list("body", flat=True)
    )
    chat_url = f"/chat/{pair.conversation.pk}/"
    mentor_cookie = session_cookie(pair.mentor, e2e_server["url"])

    with journey(e2e_server, "field-ready") as j:
        # E9 / §8.8: the code page says how long the code lasts; "send again" waits out its countdown.
        phone = j.page()
        phone.clock.install()
        phone.goto("/accounts/login/code/")
        phone.locator("form[action$='/accounts/login/code/'] input[name=phone]").fill("0813-7771-2345")
        with phone.expect_navigation():
            phone.locator("form[action$='/accounts/login/code/'] [type=submit]").click()
        phone.wait_for_url("**/accounts/login/code/confirm/")
        first_code = read_sms(sms_dir, PHONE_NUMBER, r"\b\d{6}\b")
        expect(phone.locator("main")).to_contain_text("Berlaku 5 menit.")
        resend = phone.locator("button[data-countdown]")
        expect(resend).to_be_disabled()
        # The page's clock runs on (a loaded machine is slow): read the seconds left, then pass them.
        expect(resend).to_have_text(re.compile(r"^Kirim ulang kode dalam [1-6]?[0-9] detik$"))
        j.step(phone, "code-page-countdown")
        phone.clock.run_for(61_000)
        expect(resend).to_be_enabled()
        expect(resend).to_have_text("Kirim ulang kode")
        with phone.expect_navigation():
            resend.click()
        second_code = read_sms(sms_dir, PHONE_NUMBER, rf"\b(?!{first_code})\d{{6}}\b")
        phone.locator("input[name=code]").fill(second_code)
        with phone.expect_navigation():
            phone.locator(
                "form[action$='/accounts/login/code/confirm/'] [type=submit]:not([form]):not([data-countdown])"
            ).click()
        phone.wait_for_url("**/portal/")
        # E6: the welcome names her as she is called, never by her username.
        expect(phone.locator(".messages")).to_contain_text("Berhasil masuk sebagai Ibu Nining Suryani.")
        j.step(phone, "signed-in-with-the-second-code")

        # §8.12: the timeline shows the newest 30 entries; "Catatan sebelumnya" shows the older ones.
        phone.goto("/timeline/")
        main = phone.locator("main")
        expect(main).to_contain_text("Sesi ke-1: pembukuan")
        expect(main).to_contain_text("Sesi ke-30: pembukuan")
        expect(main).not_to_contain_text("Sesi ke-31: pembukuan")
        j.step(phone, "timeline-newest")
        with phone.expect_navigation():
            main.get_by_role("link", name="Catatan sebelumnya").click()
        expect(main).to_contain_text("Sesi ke-31: pembukuan")
        expect(main).to_contain_text("Sesi ke-32: pembukuan")
        expect(main).not_to_contain_text("Sesi ke-30: pembukuan")
        expect(main.get_by_role("link", name="Catatan sebelumnya")).to_have_count(0)
        j.step(phone, "timeline-older")
        with phone.expect_navigation():
            main.get_by_role("link", name="Kembali ke yang terbaru").click()
        expect(main).to_contain_text("Sesi ke-1: pembukuan")

        # §8.12: the chat opens on its latest 50 messages; the earlier ones load in place, still live.
        phone.goto(chat_url)
        log = phone.locator("[data-log] .chat-msg .chat-body")
        expect(log).to_have_count(50)
        expect(phone.locator("[data-connection]")).to_have_text("Tersambung")
        older = phone.get_by_role("link", name="Tampilkan pesan sebelumnya")
        older.click()
        expect(log).to_have_count(MESSAGES)
        assert log.all_text_contents() == bodies  # oldest first, each once
        expect(older).to_be_hidden()  # nothing earlier is left
        assert phone.url.endswith(chat_url)  # the same live page, not the read-only history page
        j.step(phone, "chat-earlier-messages")

        # E20 / §8.13: the chosen photo shows before sending; sending clears the preview.
        phone.locator("#chat-image").set_input_files(
            files=[{"name": "etalase.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        preview = phone.locator(".chat-tools .photo-preview img")
        expect(preview).to_have_count(1)
        expect(preview).to_have_attribute("alt", "etalase.jpg")
        expect(preview).to_be_in_viewport()
        j.step(phone, "chat-photo-preview")
        phone.locator("[data-body]").fill("Ini etalase baru saya")
        phone.locator("[data-body]").press("Enter")
        expect(phone.locator(".chat-msg.mine .chat-photo img")).to_have_count(1)
        expect(phone.locator(".chat-msg.mine .chat-body")).to_have_text(["Ini etalase baru saya"])
        expect(preview).to_have_count(0)
        j.step(phone, "chat-photo-sent")

        # C2: a signed-in mentor who opens /cms/ is told it is not for them, on /cms/ itself.
        mentor = j.page(viewport=DESKTOP, cookies=[mentor_cookie])
        response = mentor.goto("/cms/")
        assert response.status == 403
        assert mentor.url.endswith("/cms/")
        expect(mentor.locator("main h1")).to_have_text("Tidak diizinkan")
        j.step(mentor, "mentor-opens-cms")
