"""The breach tests start from the board's default processing register (its systems)."""

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.register.services import register_install_defaults


@pytest.fixture
def registered(world: World) -> World:
    register_install_defaults(board=world.board, actor_id=None)
    return world
