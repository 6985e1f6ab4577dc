"""The back office's tests use the incubator's small program (``world``) and intake aspects."""

from tests.incubator.conftest import _world_once, aspects, world  # noqa: F401  (fixtures)
