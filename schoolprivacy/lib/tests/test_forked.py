"""`forked_map`: the first call here, the others in forked processes, results in order; an
error raised in a child is raised here; and it refuses what the children could not see."""

import os
from typing import Any

import pytest
from django.db import connection, transaction

from schoolprivacy.lib.forked import can_fork, forked_map


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def _refuse(number: int) -> int:
    if number == 3:
        raise ValueError(f"no {number}")
    return number


class _Unpicklable(Exception):
    def __reduce__(self) -> str:
        raise TypeError("cannot pickle this")


def _raise_unpicklable(number: int) -> int:
    if number:
        raise _Unpicklable("locked away")
    return number


def test_each_call_after_the_first_runs_in_its_own_process_and_results_keep_their_order() -> None:
    results = forked_map(_pid_and_square, [(1,), (2,), (3,)])
    assert [square for _pid, square in results] == [1, 4, 9]
    pids = [pid for pid, _square in results]
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3


def test_an_error_in_a_child_is_raised_here() -> None:
    with pytest.raises(ValueError, match="no 3"):
        forked_map(_refuse, [(1,), (2,), (3,)])


def test_an_error_that_cannot_be_pickled_is_still_named() -> None:
    with pytest.raises(RuntimeError, match="locked away"):
        forked_map(_raise_unpicklable, [(0,), (1,)])


def test_one_call_runs_here() -> None:
    assert forked_map(_pid_and_square, [(5,)]) == [(os.getpid(), 25)]


@pytest.mark.django_db
def test_not_inside_a_transaction_the_children_could_not_see() -> None:
    with transaction.atomic():
        assert not can_fork()


@pytest.mark.django_db(transaction=True)
def test_not_on_a_database_in_memory_but_otherwise_yes() -> None:
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    assert can_fork() is not in_memory


@pytest.mark.django_db(transaction=True)
def test_not_with_autocommit_off_either() -> None:
    """Outside `atomic` but with autocommit off, a transaction is open too: closing the
    connection to fork would roll back what it has not committed, and the children would not
    see it."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("never forks on SQLite in memory")
    assert can_fork()
    transaction.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert not can_fork()
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


_ORPHAN_SCRIPT = """
import os, sys, time
import django
django.setup()
from schoolprivacy.lib.forked import forked_map

def work(path):
    if path:
        with open(path, "w") as out:
            out.write(str(os.getpid()))
        time.sleep(60)
    else:
        time.sleep(60)

forked_map(work, [("",), (sys.argv[1],)])
"""


def test_a_child_ends_when_its_parent_is_killed(tmp_path: Any) -> None:
    """A verify-audit killed by a timeout must not leave its children working for nobody."""
    import signal
    import subprocess
    import sys
    import time

    noted = tmp_path / "child"
    parent = subprocess.Popen(  # nosec B603 (this interpreter, our script)
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(noted)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "schoolprivacy.settings"},
    )
    try:
        deadline = time.monotonic() + 30
        while not noted.exists() or not noted.read_text():
            assert time.monotonic() < deadline, "the child never started"
            time.sleep(0.05)
        child = int(noted.read_text())
        parent.send_signal(signal.SIGTERM)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child):
            assert time.monotonic() < deadline, "the child outlived its parent"
            time.sleep(0.05)
    finally:
        parent.kill()
        parent.wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
