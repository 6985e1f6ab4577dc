from tests.incubator.conftest import _world_once, world  # noqa: F401  (the incubator's world: a family, companions, manager)
