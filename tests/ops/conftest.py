# The incubator's small world (a program, an entrepreneur with a mentor and a social companion).
from tests.incubator.conftest import _world_once, world  # noqa: F401
