"""Chat and session pages, the HTTP send/photo path and private attachments."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mentoring.models import ActionItem, Message, ReadMarker
from tests.factories import EntrepreneurUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory
from tests.mentoring.factories import MessageFactory, make_pair

pytestmark = pytest.mark.django_db


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {2: (6, 54, 0.0), 4: (107, 36, 0.0)}  # GPS: somewhere in Bandung
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_chat_list_shows_unread_counts_and_the_last_message(client_for, pair):
    MessageFactory(conversation=pair.conversation, sender=pair.mentor, body="Sudah cek stok?")
    MessageFactory(conversation=pair.conversation, sender=pair.mentor, body="Kabari ya <script>")
    # keep the denormalised last message as send_message would
    pair.conversation.last_message = Message.objects.last()
    pair.conversation.save()
    response = client_for(pair.entrepreneur).get(reverse("mentoring:chat_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("mentoring:conversation", args=[pair.conversation.pk]) in html
    assert "Kabari ya &lt;script&gt;" in html
    assert response.context["conversations"][0].unread == 2


def test_chat_list_queries_stay_constant_as_conversations_grow(client_for, django_assert_num_queries):
    first = make_pair()
    client = client_for(first.mentor)
    client.get(reverse("mentoring:chat_list"))  # warm the session and role caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mentoring:chat_list")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(4):
        pair = make_pair(mentor=first.mentor)
        MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur)
    with django_assert_num_queries(one):
        client.get(reverse("mentoring:chat_list"))
    assert len(client.get(reverse("mentoring:chat_list")).context["conversations"]) == 5


def test_conversation_page_renders_the_latest_fifty_and_links_older(client_for, pair):
    MessageFactory.create_batch(60, conversation=pair.conversation, sender=pair.mentor)
    ids = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    client = client_for(pair.entrepreneur)
    response = client.get(reverse("mentoring:conversation", args=[pair.conversation.pk]))
    assert [m.pk for m in response.context["rows"]] == ids[10:]
    assert response.context["older_url"].endswith(f"?before={ids[10]}")
    # opening the page reads it
    assert (
        ReadMarker.objects.get(conversation=pair.conversation, user=pair.entrepreneur).last_read_id == ids[-1]
    )

    older = client.get(response.context["older_url"])
    assert [m.pk for m in older.context["rows"]] == ids[:10]
    assert older.context["older_url"] is None

    page = client.get(
        reverse("mentoring:conversation_messages", args=[pair.conversation.pk]), {"before": ids[10]}
    ).json()
    assert [m["id"] for m in page["messages"]] == ids[:10]
    assert page["has_more"] is False
    after = client.get(
        reverse("mentoring:conversation_messages", args=[pair.conversation.pk]), {"after": ids[-2]}
    )
    assert [m["id"] for m in after.json()["messages"]] == ids[-1:]


def test_message_text_is_escaped_never_html(client_for, pair):
    MessageFactory(conversation=pair.conversation, sender=pair.mentor, body='<img src=x onerror="alert(1)">')
    html = client_for(pair.entrepreneur).get(reverse("mentoring:conversation", args=[pair.conversation.pk]))
    assert "<img src=x" not in html.content.decode()
    assert "&lt;img src=x" in html.content.decode()


def test_strangers_get_404_for_conversations_json_and_photos(client_for, pair):
    message = MessageFactory(conversation=pair.conversation, sender=pair.mentor)
    client = client_for(EntrepreneurProfileFactory().user)
    pk = pair.conversation.pk
    for url in (
        reverse("mentoring:conversation", args=[pk]),
        reverse("mentoring:conversation_messages", args=[pk]),
        reverse("mentoring:attachment", args=[pk, message.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("mentoring:send", args=[pk]), {"client_id": uuid.uuid4(), "body": "x"}
        ).status_code
        == 404
    )
    assert not Message.objects.exclude(pk=message.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, pair):
    response = client.get(reverse("mentoring:chat_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_photo_upload_goes_through_send_message_without_exif(client_for, pair):
    client = client_for(pair.entrepreneur)
    client_id = uuid.uuid4()
    upload = SimpleUploadedFile("rumah.jpg", photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {"client_id": client_id, "body": "Ini etalase baru", "image": upload},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    ack = response.json()
    assert ack["type"] == "ack"
    assert ack["message"]["attachment"]["thumbnail_url"]
    message = Message.objects.get(client_id=client_id)
    with message.image.open("rb") as stored:
        assert not Image.open(stored).getexif()

    photo = client.get(ack["message"]["attachment"]["url"])
    assert photo.status_code == 200
    assert photo["Cache-Control"].startswith("private")

    # the same client_id again: the original ack, still one message
    again = client.post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {"client_id": client_id, "body": "Ini etalase baru"},
        HTTP_ACCEPT="application/json",
    )
    assert again.json() == ack
    assert Message.objects.count() == 1
    assert client_for(pair.mentor).get(ack["message"]["attachment"]["thumbnail_url"]).status_code == 200


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(client_for, pair):
    response = client_for(pair.entrepreneur).post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {
            "client_id": uuid.uuid4(),
            "image": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Message.objects.exists()


def test_no_javascript_form_sends_and_redirects(client_for, pair):
    response = client_for(pair.mentor).post(
        reverse("mentoring:send", args=[pair.conversation.pk]), {"client_id": uuid.uuid4(), "body": "Halo Bu"}
    )
    assert response.status_code == 302
    assert Message.objects.get().body == "Halo Bu"


def test_former_companion_reads_history_but_cannot_write(client_for, pair):
    from incubator import services as incubator_services
    from incubator.models import CompanionRole
    from tests.incubator.factories import MentorProfileFactory

    MessageFactory(conversation=pair.conversation, sender=pair.mentor, body="Catatan lama")
    incubator_services.assign_companion(
        pair.profile, MentorProfileFactory().user, role=CompanionRole.MENTOR, by=pair.manager
    )
    client = client_for(pair.mentor)
    page = client.get(reverse("mentoring:conversation", args=[pair.conversation.pk]))
    assert page.status_code == 200
    assert page.context["can_write"] is False
    assert "Catatan lama" in page.content.decode()
    refused = client.post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {"client_id": uuid.uuid4(), "body": "Masih bisa?"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


# -- sessions ----------------------------------------------------------------------------------


def test_companion_logs_a_session_and_the_entrepreneur_ticks_an_item(client_for, pair):
    client = client_for(pair.mentor)
    url = reverse("mentoring:session_new", args=[pair.profile.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "mode": "visit",
            "topics": "Pembukuan harian",
            "notes": "Buku kas sudah mulai diisi.",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-text": "Catat penjualan setiap hari",
            "items-0-due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "items-1-text": "",
            "items-2-text": "",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    entrepreneur = client_for(pair.entrepreneur)
    detail = entrepreneur.get(reverse("mentoring:session_detail", args=[item.session_id]))
    assert "Catat penjualan setiap hari" in detail.content.decode()
    entrepreneur.post(reverse("mentoring:action_item_done", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done_by == pair.entrepreneur
    assert item.events.get().done is True


def test_session_pages_are_private(client_for, pair):
    stranger = client_for(EntrepreneurUserFactory())
    assert stranger.get(reverse("mentoring:session_new", args=[pair.profile.pk])).status_code == 404
    from mentoring import services

    session = services.log_session(
        pair.profile, by=pair.mentor, date=timezone.localdate(), mode="chat", topics="Harga jual"
    )
    assert stranger.get(reverse("mentoring:session_detail", args=[session.pk])).status_code == 404


def test_session_with_a_future_date_is_refused_and_nothing_saved(client_for, pair):
    response = client_for(pair.mentor).post(
        reverse("mentoring:session_new", args=[pair.profile.pk]),
        {
            "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "mode": "phone",
            "topics": "Rencana",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not pair.profile.mentoring_sessions.exists()


def test_conversation_page_queries_do_not_grow_with_messages(client_for, pair, django_assert_num_queries):
    client = client_for(pair.entrepreneur)
    url = reverse("mentoring:conversation", args=[pair.conversation.pk])
    MessageFactory.create_batch(3, conversation=pair.conversation, sender=pair.mentor)
    client.get(url)
    MessageFactory(conversation=pair.conversation, sender=pair.mentor)  # unread: the page moves the marker
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    MessageFactory.create_batch(40, conversation=pair.conversation, sender=pair.mentor)
    MessageFactory.create_batch(40, conversation=pair.conversation, sender=pair.entrepreneur)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["rows"]) == 50


def test_session_list_queries_do_not_grow_with_sessions(client_for, pair, django_assert_num_queries):
    from mentoring import services

    def log(n: int) -> None:
        for index in range(n):
            services.log_session(
                pair.profile,
                by=pair.mentor,
                date=timezone.localdate(),
                mode="chat",
                topics=f"Topik {index}",
                action_items=[
                    services.ActionItemInput("Catat stok"),
                    services.ActionItemInput("Foto produk"),
                ],
            )

    client = client_for(pair.entrepreneur)
    log(1)
    client.get(reverse("mentoring:session_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mentoring:session_list"))
    log(5)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("mentoring:session_list"))
    assert "Topik 4" in response.content.decode()


def test_http_path_shares_the_rate_limit_and_answers_429(client_for, pair, monkeypatch):
    from mentoring import services

    monkeypatch.setattr(services.time, "time", lambda: 2_000_000.0)
    for index in range(services.RATE_LIMIT_MESSAGES):
        services.send_message(
            pair.conversation, sender=pair.mentor, body=f"cepat {index}", client_id=uuid.uuid4()
        )
    response = client_for(pair.mentor).post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {"client_id": uuid.uuid4(), "body": "satu lagi"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert Message.objects.count() == services.RATE_LIMIT_MESSAGES
