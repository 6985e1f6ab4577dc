from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import SyncToAsync
from django.conf import settings

from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory

# A forked live server (ChannelsLiveServerTestCase) must not inherit a busy single-thread executor
# from an earlier test that used sync_to_async, or it hangs (STACK.md).
os.register_at_fork(
    after_in_child=lambda: setattr(SyncToAsync, "single_thread_executor", ThreadPoolExecutor(max_workers=1))
)


@pytest.fixture(autouse=True)
def _media_and_cache(settings):
    """Fresh uploads folder and cache (allauth's rate limits live there) for every test, and no
    language left active by one test for the next (each starts in the default language)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    yield
    translation.deactivate()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def outbox():
    """The SMS test outbox (``accounts.sms.LocmemBackend``), empty at the start of every test."""
    from accounts import sms

    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def entrepreneur_user(db):
    return EntrepreneurUserFactory()


@pytest.fixture
def mentor_user(db):
    return MentorUserFactory()


@pytest.fixture
def manager_user(db):
    return ManagerUserFactory()


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as that person."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def pytest_configure(config):
    # Keep test uploads out of the real media folder.
    assert "test" in str(settings.MEDIA_ROOT)
