"""Companions find their way: visits and sessions in the menu, the chat button opens that
conversation, their own visits come first (issue 15, C5, C6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MentorUserFactory
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db


def test_the_companion_menu_has_visits_and_sessions(client_for):
    pair = make_pair()
    html = client_for(pair.mentor).get(reverse("incubator:mentor_home")).content.decode()
    assert f'href="{reverse("mentoring:visit_list")}">Kunjungan</a>' in html
    assert f'href="{reverse("mentoring:session_list")}">Sesi</a>' in html


def test_the_chat_button_of_a_mentee_page_opens_that_conversation(client_for):
    pair = make_pair()
    client = client_for(pair.mentor)
    html = client.get(reverse("incubator:mentee_detail", args=[pair.profile.pk])).content.decode()
    url = reverse("mentoring:conversation_with", args=[pair.profile.pk])
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response["Location"] == reverse("mentoring:conversation", args=[pair.conversation.pk])


def test_nobody_else_reaches_a_conversation_through_the_chat_button(client_for):
    pair = make_pair()
    stranger = MentorUserFactory()
    assert (
        client_for(stranger).get(reverse("mentoring:conversation_with", args=[pair.profile.pk])).status_code
        == 404
    )


def test_own_visits_come_before_the_list_of_people_to_visit(client_for):
    pair = make_pair()
    html = client_for(pair.mentor).get(reverse("mentoring:visit_list")).content.decode()
    assert html.index("Belum ada kunjungan") < html.index(
        reverse("mentoring:visit_new", args=[pair.profile.pk])
    )
