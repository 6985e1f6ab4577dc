"""The pair is told when a program manager reads their conversation's contents."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.notifications import user_group
from mentoring import services
from mentoring.models import ContentAccessLog
from mentoring.services import Forbidden
from tests.factories import ManagerUserFactory
from tests.incubator.test_notifications import _drain
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db


def reader():
    manager = ManagerUserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="view_message_content"))
    return manager


def test_both_of_the_pair_hear_that_their_contents_were_read(django_capture_on_commit_callbacks):
    pair = make_pair()
    layer = get_channel_layer()
    channels = {}
    for person in (pair.entrepreneur, pair.mentor):
        channels[person.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(person.pk), channels[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        log = services.record_content_view(pair.conversation, by=reader())
    for person in (pair.entrepreneur, pair.mentor):
        [event] = _drain(layer, channels[person.pk])
        assert event["type"] == "chat.contents_read"
        assert event["conversation_id"] == pair.conversation.pk
        assert event["read_at"] == log.viewed_at.isoformat()


def test_nobody_is_told_when_reading_is_refused(django_capture_on_commit_callbacks):
    pair = make_pair()
    without_permission = ManagerUserFactory()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Forbidden):
        services.record_content_view(pair.conversation, by=without_permission)
    assert callbacks == []
    assert not ContentAccessLog.objects.exists()


def test_the_conversation_shows_a_system_line_after_a_reading(client):
    pair = make_pair()
    url = "/en" + reverse("mentoring:conversation", args=[pair.conversation.pk])
    client.force_login(pair.entrepreneur)
    assert "were read by a program manager" not in client.get(url).content.decode()
    services.record_content_view(pair.conversation, by=reader())
    for person in (pair.entrepreneur, pair.mentor):
        client.force_login(person)
        assert (
            "The contents of this conversation were read by a program manager on"
            in client.get(url).content.decode()
        )
