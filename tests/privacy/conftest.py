from tests.incubator.conftest import world  # noqa: F401  (the incubator's world: a family, companions, manager)
