from __future__ import annotations

import pytest

from tests.incubator.conftest import _world_once, world  # noqa: F401  (the incubator's world: a full pair and a manager)


@pytest.fixture
def run_commit_hooks(django_capture_on_commit_callbacks):
    """``with run_commit_hooks():`` runs after-commit work (the live push → the inbox) as a real commit would."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
