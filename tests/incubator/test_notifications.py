"""People hear of what concerns them, after commit, through the notifications stream."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core.notifications import user_group
from incubator import services
from tests.incubator.test_services import complete_tier, first, submit


def _drain(layer, channel):
    import asyncio

    async def take():
        found = []
        while True:
            try:
                found.append((await asyncio.wait_for(layer.receive(channel), 0.05))["event"])
            except TimeoutError:
                return found

    return async_to_sync(take)()


def test_mentor_hears_of_a_submission_and_entrepreneur_of_the_review(
    world, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    mentor_channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(world.mentor.pk), mentor_channel)
    owner_channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(world.entrepreneur.pk), owner_channel)

    with django_capture_on_commit_callbacks(execute=True):
        m = submit(first(world), world.entrepreneur)
    [event] = _drain(layer, mentor_channel)
    assert event["type"] == "incubator.submitted" and event["milestone"] == m.pk
    assert event["url"].endswith(f"/mentor/milestones/{m.pk}/review/")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(m, by=world.mentor, comment="Foto buram", expected_version=1)
    [event] = _drain(layer, owner_channel)
    assert (event["type"], event["status"]) == ("incubator.reviewed", "changes_requested")


def test_nothing_is_sent_when_the_action_fails(world, django_capture_on_commit_callbacks):
    m = submit(first(world), world.entrepreneur)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(services.IncubatorError):
        services.verify_milestone(m, by=world.mentor, expected_version=99)
    assert callbacks == []


def test_promotion_is_announced_to_entrepreneur_and_mentor(world, django_capture_on_commit_callbacks):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    layer = get_channel_layer()
    channels = {}
    for person in (world.entrepreneur, world.mentor):
        channels[person.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(person.pk), channels[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_promotion(request, by=world.manager)
    assert [e["type"] for e in _drain(layer, channels[world.entrepreneur.pk])] == ["incubator.promoted"]
    assert [e["type"] for e in _drain(layer, channels[world.mentor.pk])] == ["incubator.promotion_decided"]
