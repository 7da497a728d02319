from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from schoolprivacy.demo.personas import demo_board
from schoolprivacy.schools.models import Board


def run_demo() -> str:
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """The demo, seeded once for a whole test module (about 2.5 seconds a seeding) inside a
    transaction that is rolled back when the module ends; yields the demo board's id.

    Each test's own transaction (pytest-django's `db`) is a savepoint inside it, rolled back
    after the test as before, so a test that changes the demo leaves the next test the demo as
    seeded. What a test can no longer see: a transaction of its own (`transaction=True` tests
    must seed the demo themselves, with `run_demo`). Nothing else commits either way.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            run_demo()
            board = demo_board()
            assert board is not None
            yield board.pk
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_seeded_once: int, db: None) -> Board:
    """The demo board, seeded the way `schoolprivacy demo --no-serve` seeds it."""
    return Board.objects.get(pk=demo_seeded_once)
