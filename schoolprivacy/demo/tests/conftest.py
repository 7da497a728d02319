from io import StringIO

import pytest
from django.core.management import call_command

from schoolprivacy.demo.personas import demo_board
from schoolprivacy.schools.models import Board


def run_demo() -> str:
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> Board:
    """The demo board, seeded the way `schoolprivacy demo --no-serve` seeds it."""
    run_demo()
    board = demo_board()
    assert board is not None
    return board
