import pytest

from .world import World, build_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


from chidao.core.tests.helpers import client_as  # noqa: E402  (a fixture for the tasks-from-document views)

__all__ = ["client_as"]
