"""Data built once for a module's tests instead of once for each test.

``build_once(seed, name="seeded")`` at module level (or in a conftest) gives two fixtures: a module-scoped
one (``_seeded_once``) that runs ``seed()`` inside a transaction rolled back when the module's last
test has run, and ``seeded`` (the one tests ask for) that gives each test what ``seed()`` returned, the
test itself running in a savepoint of that transaction (the ``db`` fixture), so whatever it writes is
undone before the next. The seed's files are put back in ``MEDIA_ROOT`` before each test (the
autouse cleanup of ``tests/conftest.py`` removes the folder after every test), and so are the SMS
and e-mails it sent (both outboxes are emptied before every test): a test sees what it would see had
it built the data itself.

``fresh=True`` is for data that tests change in memory (the ``world`` fixtures: a test moves its
entrepreneur up a tier, another reads the old tier): each test gets a deep copy of the objects as
``seed()`` left them. ``at`` builds them at that instant (time_machine), for modules whose tests all
run at a fixed clock. A test that commits (a ``transactional`` one: live servers,
``transaction=True``) cannot run inside the module's transaction: it gets data built for itself
(the module's transaction is rolled back first if it is still open, and the module's later tests
build their own too).

Under ``make test`` (pytest-xdist hands out tests one at a time) a module's tests may be split over
the workers: each worker that runs one of them seeds once. A test that checks what a seed does to a
fresh database (idempotence: seeding twice) keeps its own seeds and does not ask for the fixture.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import inspect
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import transaction
from pytest_django.plugin import blocking_manager_key


@dataclass
class _Built:
    value: Any
    files: Path
    sms: list = field(default_factory=list)
    mails: list = field(default_factory=list)
    open: bool = True
    rollback: Callable[[], None] = lambda: None


def _clock(at: datetime.datetime | None):
    return time_machine.travel(at, tick=False) if at is not None else contextlib.nullcontext()


def build_once(
    seed: Callable[[], Any], *, name: str, fresh: bool = False, at: datetime.datetime | None = None
):
    from accounts import sms
    from tests.conftest import _is_transactional

    @pytest.fixture(scope="module", name=f"_{name}_once")
    def built(django_db_setup, django_db_blocker, tmp_path_factory):
        media = Path(settings.MEDIA_ROOT)
        once = _Built(value=None, files=tmp_path_factory.mktemp(f"{name}-media") / "media")
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()

            def rollback():
                if once.open:
                    once.open = False
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)

            once.rollback = rollback
            try:
                sms_start, mail_start = len(sms.outbox), len(getattr(mail, "outbox", []))
                with _clock(at):
                    once.value = seed()
                once.sms = copy.deepcopy(sms.outbox[sms_start:])
                once.mails = copy.deepcopy(getattr(mail, "outbox", [])[mail_start:])
                if media.exists():
                    shutil.copytree(media, once.files)
                yield once
            finally:
                rollback()
        shutil.rmtree(once.files, ignore_errors=True)

    def fixture(request, **kw):
        once = kw[f"_{name}_once"]
        if not once.open or _is_transactional(request.node):
            return _built_in_the_test(request, once)
        request.getfixturevalue("db")  # the module's transaction first, then the test's savepoint
        if once.files.exists():
            shutil.copytree(once.files, settings.MEDIA_ROOT, dirs_exist_ok=True)
        sms.outbox.extend(copy.deepcopy(once.sms))
        if hasattr(mail, "outbox"):
            mail.outbox.extend(copy.deepcopy(once.mails))
        return copy.deepcopy(once.value) if fresh else once.value

    def _built_in_the_test(request, once: _Built):
        # A committing test: end the module's transaction first if its earlier tests left it open.
        with request.config.stash[blocking_manager_key].unblock():
            once.rollback()
        request.getfixturevalue("transactional_db" if _is_transactional(request.node) else "db")
        with _clock(at):
            return seed()

    # The module's build is a declared dependency, so that pytest sets it up before any of the test's
    # own fixtures (a ``db`` asked for first would otherwise open the test's transaction inside it).
    fixture.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in ("request", f"_{name}_once")]
    )
    return built, pytest.fixture(name=name)(fixture)
