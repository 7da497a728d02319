"""Two things a large apply does for what runs after it (decision 0060): on PostgreSQL it gives
the planner statistics of the tables it made much larger (an ANALYZE of the columns the import's
and the account sync's queries use); on SQLite it notes when each of its transactions took the
write lock (BEGIN IMMEDIATE), which sets the pause after it (`pacing.pause_after`)."""

import time
from typing import Any

import pytest
from django.db import connection, transaction

from schoolprivacy.conftest import World
from schoolprivacy.imports import pacing, statistics
from schoolprivacy.imports.tests.helpers import run


def _statements(monkeypatch: pytest.MonkeyPatch, world: World, **options: Any) -> list[str]:
    seen: list[str] = []

    def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        run(world, "parnassys.csv", **options)
    return [sql for sql in seen if sql.startswith("ANALYZE")]


@pytest.mark.django_db
def test_an_apply_that_adds_many_rows_analyzes_them_on_postgresql(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "ANALYZE_AFTER", 4 + 5)  # 4 pupils, 5 new guardians
    analyzed = _statements(monkeypatch, world)
    if connection.vendor != "postgresql":
        assert analyzed == []  # SQLite's planner has no such statistics to miss
        return
    assert len(analyzed) == 1
    for column in ('"people_guardianrelation" ("pupil_id", "guardian_id", "ends_on")',
                   '"people_guardian" ("board_id", "user_id", "email")'):  # fmt: skip
        assert column in analyzed[0]


@pytest.mark.django_db
def test_a_small_apply_or_a_preview_analyzes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "ANALYZE_AFTER", 4 + 5)
    assert _statements(monkeypatch, world, dry_run=True) == []
    monkeypatch.setattr(statistics, "ANALYZE_AFTER", 4 + 5 + 1)
    assert _statements(monkeypatch, world) == []


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_pause_counts_from_the_transactions_begin() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has one write lock for the whole database")
    with pacing.paced():
        before = time.perf_counter()
        assert pacing.Pacer.began <= before
        with transaction.atomic():
            began = pacing.Pacer.began
            time.sleep(0.06)
        pacing.pause()
    # The lock was taken at the BEGIN (not when the pacing started) and held 60 ms or more: a
    # writer waiting since then sleeps 25 ms between its tries at that point.
    assert began >= before
    assert pacing.Pacer.paused - began >= 0.06 + 0.025
