"""Pauses between the import's transactions on SQLite, so that waiting writers get the lock.

SQLite has one write lock for the whole database. An apply (and the account sync after it) runs
in short transactions (decision 0017); between two of them it pauses just long enough for every
writer that began waiting meanwhile to try again (decisions 0042 and 0060), so pages keep
answering during a long import (`imports/tests/test_import_under_load.py`). PostgreSQL locks
rows, not the database: no pause there.
"""

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db import OperationalError, connection

# Between two transactions of an apply on SQLite the import waits until every writer that began
# waiting for the write lock meanwhile has tried again (`pause_after`), and at most this long.
APPLY_PAUSE = 0.12
# SQLite's busy handler (sqliteDefaultBusyCallback, which Python's sqlite3 timeout uses): after
# BUSY_WAITED[n] ms of waiting a writer sleeps BUSY_SLEEPS[n] ms before it tries again, then
# 100 ms at a time.
BUSY_SLEEPS = (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100)
BUSY_WAITED = (0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228)
# A sleeping process wakes a little late, more so on a busy machine.
WAKE_SHARE, WAKE_SECONDS = 0.1, 0.003


class Pacer:
    """When the import last took SQLite's write lock (its last BEGIN) and last paused."""

    began = 0.0
    paused = 0.0

    @staticmethod
    def note(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        """An execute wrapper: the import's transactions begin with BEGIN IMMEDIATE on SQLite,
        which takes the write lock there and then."""
        if sql.startswith("BEGIN"):
            Pacer.began = time.perf_counter()
        return execute(sql, params, many, context)


def paced() -> AbstractContextManager[None]:
    """Around the apply and the account sync: note when each transaction took the lock."""
    if connection.vendor != "sqlite":
        return nullcontext()
    Pacer.began = Pacer.paused = time.perf_counter()
    return connection.execute_wrapper(Pacer.note)


def pause_after(held: float) -> float:
    """How long to pause after holding SQLite's write lock for `held` seconds: long enough for
    every writer that began waiting meanwhile to try again. Such a writer has waited at most
    `held`, so its next try comes within the busy handler's sleep at that point of waiting
    (`BUSY_SLEEPS`), plus the time a process takes to wake. Half the time held, as before
    (decision 0042), paused 50-114 ms where 25-50 ms let every waiting writer in (decision
    0060)."""
    waited = held * 1000
    steps = zip(BUSY_SLEEPS[::-1], BUSY_WAITED[::-1], strict=True)
    sleep = next(s for s, w in steps if w <= waited)
    return min(APPLY_PAUSE, sleep / 1000 * (1 + WAKE_SHARE) + WAKE_SECONDS)


def pause() -> None:
    """Between two of the import's transactions on SQLite: let waiting writers in.

    SQLite hands the write lock to whoever asks first; writers waiting in their busy handler
    sleep between tries, so without a pause the next chunk would always win. The pause lasts
    until every writer that began waiting while the import held the lock (from its BEGIN to
    now, not the reading and parsing before it) has tried again (`pause_after`). The import also
    copies its own writes from the WAL into the database here (a passive checkpoint, which takes
    no lock): otherwise the commit that crosses the WAL's auto-checkpoint threshold does it, and
    that is as often a page saving its session, which then waits for megabytes of the import's
    pages to be written (issue 12, item 1: the slowest pages under load)."""
    if connection.vendor != "sqlite":
        return
    # Only between transactions (a test runs the import inside its own), and only as a courtesy:
    # a checkpoint that cannot run now is left to SQLite's automatic one.
    if not connection.in_atomic_block:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except OperationalError:
            pass
    now = time.perf_counter()
    # No BEGIN since the last pause (a test's own transaction): the lock was not taken here.
    held = now - Pacer.began if Pacer.began > Pacer.paused else 0.0
    time.sleep(pause_after(held) if held else 0.0)
    Pacer.paused = time.perf_counter()
