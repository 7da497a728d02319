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


# Modules whose tests run inside the demo seeded once (`demo_seeded_once`), while they do.
_SEEDED: set[str] = set()


@pytest.fixture(scope="module")
def demo_seeded_once(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[int]:
    """The demo, seeded once for a whole test module (about 2.5 seconds a seeding) inside a
    transaction that is rolled back when the module ends; yields the demo board's id.

    Each test's own transaction (pytest-django's `db`) is a savepoint inside it, rolled back
    after the test as before, so a test that changes the demo's rows leaves the next test the
    demo as seeded. Not rolled back: files a test deletes from the private storage (a photo's
    rendition), so a later test of the module may find a row whose file is gone.

    Every test of such a module must use `demo` (`demo_module_rules` fails any other): a test
    without it would see the demo too, and a transactional test (`transaction=True`,
    `live_server`) cannot run inside an open transaction at all; such tests seed the demo
    themselves with `run_demo`, in a module of their own.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            run_demo()
            board = demo_board()
            assert board is not None
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    _SEEDED.add(request.module.__name__)
    try:
        # Between the tests the database is closed to them as usual; `db` opens it per test.
        yield board.pk
    finally:
        _SEEDED.discard(request.module.__name__)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo_module_rules(request: pytest.FixtureRequest) -> None:
    if request.module.__name__ not in _SEEDED:
        return
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if transactional or (marker is not None and marker.kwargs.get("transaction")):
        pytest.fail(
            "A transactional test cannot run in a module whose tests share the demo seeded once "
            "(demo_seeded_once): move it to a module of its own and seed with run_demo()."
        )
    if "demo" not in request.fixturenames:
        pytest.fail(
            "Every test of a module that uses the demo seeded once (demo_seeded_once) must use "
            "the `demo` fixture: any other test would see the demo too."
        )


@pytest.fixture
def demo(demo_seeded_once: int, db: None) -> Board:
    """The demo board, seeded the way `schoolprivacy demo --no-serve` seeds it."""
    return Board.objects.get(pk=demo_seeded_once)
