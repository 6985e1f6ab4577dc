"""Data built once for a module's tests that only read it (the demo seeds: seconds of CPU each).

``_built_once, seeded = build_once(seed, name="seeded")`` at module level gives two fixtures (one
such pair a module): ``_built_once`` (module scope) runs ``seed()`` inside a transaction rolled back when the module's last test
has run, and ``seeded`` (the one tests ask for) gives each test what ``seed()`` returned, the test
itself running in a savepoint of that transaction (the ``db`` fixture), so whatever it writes is
undone before the next. The seed's files are put back in ``MEDIA_ROOT`` before each test: the
autouse cleanup of ``tests/conftest.py`` removes the folder after every test.

Under ``make test`` (pytest-xdist hands out tests one at a time) a module's tests may be split over
the workers: each worker that runs one of them seeds once. A test that checks what a seed does to a
fresh database (idempotence: seeding twice) keeps its own seeds and does not ask for the fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction


def build_once(seed: Callable[[], Any], *, name: str):
    @pytest.fixture(scope="module", name="_built_once")
    def built(django_db_setup, django_db_blocker, tmp_path_factory):
        media = Path(settings.MEDIA_ROOT)
        with django_db_blocker.unblock(), transaction.atomic():
            value = seed()
            files = tmp_path_factory.mktemp(f"{name}-media") / "media"
            if media.exists():
                shutil.copytree(media, files)
            yield value, files
            transaction.set_rollback(True)
        shutil.rmtree(files, ignore_errors=True)

    @pytest.fixture(name=name)
    def fixture(_built_once, db):  # the module's transaction first, then the test's savepoint
        value, files = _built_once
        if files.exists():
            shutil.copytree(files, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return value

    return built, fixture
