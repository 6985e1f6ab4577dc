from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest
import time_machine
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches

from tests import post_migrate_rows
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory

# A forked live server (ChannelsLiveServerTestCase) must not inherit a busy single-thread executor
# from an earlier test that used sync_to_async, or it hangs (STACK.md).
os.register_at_fork(
    after_in_child=lambda: setattr(SyncToAsync, "single_thread_executor", ThreadPoolExecutor(max_workers=1))
)


@receiver(setting_changed)
def _language_code_changed(*, setting, **kwargs):
    # URL resolvers cache each language's reverse map with its i18n prefix, computed against the
    # LANGUAGE_CODE of the moment (the default language has none). A test that switches the default
    # (tests.factories.workspace.english_admin) would otherwise leave "/learn/" as English's URL
    # for whichever test its xdist worker runs next.
    if setting == "LANGUAGE_CODE":
        clear_url_caches()


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
def _no_receive_left_on_the_channel_layer():
    """On the Redis layer, a consumer that a test left open keeps a ``receive`` pending on the
    process's layer after that test's event loop is gone; the layer's receive lock then belongs to a
    dead loop and the next test's sockets never get a group message ("bound to a different event
    loop"). After such a test, the next one gets a fresh layer."""
    yield
    from channels.layers import channel_layers

    layer = channel_layers.backends.get("default")
    if getattr(layer, "receive_count", 0):
        del channel_layers.backends["default"]


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


def _test_now() -> datetime.datetime | None:
    """``TUMBUH_TEST_NOW`` (an ISO instant with its offset, e.g. ``2028-02-29T10:00:00+07:00``), or None."""
    value = os.environ.get("TUMBUH_TEST_NOW", "").strip()
    if not value:
        return None
    try:
        instant = datetime.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise pytest.UsageError(
            f"TUMBUH_TEST_NOW must be an ISO date and time with its offset "
            f"(e.g. 2028-02-29T10:00:00+07:00), not {value!r}"
        )
    return instant


def pytest_configure(config):
    # Keep test uploads out of the real media folder.
    assert "test" in str(settings.MEDIA_ROOT)
    # The clock switch: with TUMBUH_TEST_NOW set, the whole session runs with the clock started at
    # that instant and moving on from there (tick=True), so a test that passes only on the day it
    # was written fails here. .ci/run runs the tests marked ``date_sensitive`` this way on a Monday
    # 00:05 WIB, a Friday 23:55 WIB, 31 December, 29 February 2028 and 17 August (README, Testing).
    # A test that travels itself (time_machine) still sees its own instant inside its block.
    # Each flush after a transactional test writes post_migrate's rows back from a copy (SQLite).
    post_migrate_rows.install()
    config.add_cleanup(post_migrate_rows.uninstall)
    instant = _test_now()
    if instant is not None:
        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def _is_transactional(item: pytest.Item) -> bool:
    """pytest-django's own rule for the tests it runs last: a ``TransactionTestCase`` that is not a
    ``TestCase``, ``django_db(transaction=True)`` or ``reset_sequences=True``, or the
    ``transactional_db``/``live_server`` fixtures."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    if marker is not None and marker.args and marker.args[0]:
        return True  # django_db(True): the positional spelling of transaction=True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # The order of one run, which ``make test`` runs in parallel (pytest-xdist hands the tests out in
    # this order and each worker runs what it gets in order, on a database of its own). After
    # pytest-django's own sort (this hook runs last):
    # 1. the browser journeys (``serialized_rollback``): the longest tests, mostly waiting on a browser
    #    and a server, so they start at once beside the others instead of making a tail at the end;
    # 2. the tests inside a rolled-back transaction (and those without a database). A journey's flush
    #    leaves its database empty; the first of these on that worker puts the serialized copy back
    #    first (pytest_runtest_setup below);
    # 3. the other transactional tests, last: their flush re-creates only groups and permissions
    #    (post_migrate), and the serialized copy cannot be loaded over those (unique names).
    # Within each part the slowest files first: ``make test`` hands tests out one at a time
    # (--maxschedchunk=1), so the long ones start early on whichever worker is free.
    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.transactional)  # ``-m transactional`` selects them
    items.sort(key=lambda item: (_part(item), not item.nodeid.startswith(SLOWEST_FIRST)))


def _part(item: pytest.Item) -> int:
    if not _is_transactional(item):
        return 1
    return 0 if _serialized(item) else 2


def _serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("serialized_rollback"))


# Whether a ``serialized_rollback`` test has flushed this process's database since it was last whole.
_emptied_by_a_journey = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test that runs in a rolled-back transaction follows a journey on this worker (before
    its fixtures open that transaction): load the serialized copy of the database as the migrations
    left it, which the journey's flush removed (as Django does at the start of the next journey)."""
    global _emptied_by_a_journey
    if not _emptied_by_a_journey or _is_transactional(item):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    _emptied_by_a_journey = False


def pytest_runtest_teardown(item, nextitem):
    global _emptied_by_a_journey
    if _serialized(item) and _is_transactional(item):
        _emptied_by_a_journey = True


@pytest.fixture(autouse=True)
def _after_a_serialized_flush(request, django_db_blocker):
    """A transactional test that follows a ``serialized_rollback`` one on its worker starts as after
    any other flush: with the content types, permissions and groups that post_migrate makes."""
    if not _is_transactional(request.node) or _serialized(request.node):
        yield
        return
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        if not ContentType.objects.exists():
            post_migrate_rows.emit_or_copy(verbosity=0, interactive=False, db="default")
    yield


# What ``--durations`` names as the slowest, in seconds of one worker, on 2 cores (December 2026).
SLOWEST_FIRST = (
    "tests/e2e/test_phone_layout.py",  # seeds the demo, crawls five roles, opens every page in Chromium
    "tests/workspace/test_import_large.py",  # 5,000 rows through the enrolment service
    "tests/security/test_cms_route_sweep.py",  # every admin route as eight roles
    "tests/test_words.py",  # seeds the demo and crawls every page in two languages and the assets of some
    "tests/accounts/test_language_and_demo.py",
    "tests/mentoring/test_demo_stories.py",
    "tests/ops/",  # subprocesses: manage.py with production settings, the release, the log format
)


def _flushed(sqlite_path: str) -> bool:
    """True when a kept SQLite test database lacks what the migrations wrote (Wagtail's root page):
    a run that ended with transactional tests leaves it flushed."""
    import sqlite3

    try:
        with closing(sqlite3.connect(sqlite_path)) as connection:
            return not connection.execute("SELECT 1 FROM wagtailcore_page WHERE depth = 1").fetchone()
    except sqlite3.Error:
        return True


def _kept_sqlite_database(config) -> str | None:
    """The path of this process's kept (``--reuse-db``) SQLite test database, or None."""
    if not config.getoption("reuse_db", False) or config.getoption("create_db", False):
        return None
    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and not name.endswith(f"_{worker}"):  # pytest-django adds it once its setup has run
        name = f"{name}_{worker}"  # pytest-django's suffix for each xdist worker's database
    return name


def _pristine(path: str) -> str:
    return f"{path}.pristine"


def pytest_sessionstart(session):
    # --reuse-db (make test) keeps the test database between runs. Transactional tests flush it
    # after themselves (Django re-creates only groups and permissions), so a kept database whose
    # last run ended with them has lost the rows the migrations wrote. Put back the copy taken when
    # it was last whole (django_db_setup below): a file copy instead of running every migration
    # again (about 40 s a database on 2 cores). Without a copy, start that one afresh.
    path = _kept_sqlite_database(session.config)
    if path is None or not os.path.exists(path) or not _flushed(path):
        return
    for leftover in (f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        if os.path.exists(leftover):
            os.remove(leftover)
    if os.path.exists(_pristine(path)) and not _flushed(_pristine(path)):
        shutil.copyfile(_pristine(path), path)
    else:
        os.remove(path)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request, django_db_blocker, tmp_path_factory):
    """pytest-django's, then a copy of the kept SQLite database as the migrations left it, for the
    next run to start from once this one has flushed it (pytest_sessionstart above), and a snapshot
    that puts it back after each browser journey (``_restore_from_snapshot``)."""
    import sqlite3

    path = _kept_sqlite_database(request.config)
    if path is not None and os.path.exists(path) and not _flushed(path):
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(_pristine(path))) as copy:
            source.backup(copy)
    with django_db_blocker.unblock():
        undo = _restore_from_snapshot(tmp_path_factory.mktemp("db") / "migrated.sqlite3")
    yield
    undo()


def _restore_from_snapshot(snapshot) -> Callable[[], None]:
    """On SQLite, Django's reload of the database as the migrations left it (a ``serialized_rollback``
    journey's start, and the first rolled-back test after one: ``pytest_runtest_setup``) becomes a
    page copy of a snapshot taken now, with SQLite's backup API: the same rows in about 10 ms where
    loading the serialized copy takes half a second of CPU (December 2026). Anything else loaded
    with ``deserialize_db_from_string`` still goes through Django. Returns what undoes it."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return lambda: None
    connection.ensure_connection()
    with closing(sqlite3.connect(snapshot)) as copy:
        connection.connection.backup(copy)
    creation = connection.creation
    deserialize = creation.deserialize_db_from_string

    def restore(data):
        if data is not getattr(connection, "_test_serialized_contents", None):
            return deserialize(data)
        connection.ensure_connection()
        with closing(sqlite3.connect(snapshot)) as copy:
            copy.backup(connection.connection)

    creation.deserialize_db_from_string = restore
    return lambda: vars(creation).pop("deserialize_db_from_string", None)


def pytest_report_header(config):
    instant = _test_now()
    return [f"clock: started at {instant.isoformat()} (TUMBUH_TEST_NOW)"] if instant else []
