import pytest

from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services import register_install_defaults


@pytest.fixture
def register(world) -> list[ProcessingActivity]:
    """The world board's default register."""
    return register_install_defaults(board=world.board, actor_id=None)
