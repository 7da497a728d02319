"""An import costs a fixed number of queries per chunk, never one per row (issue 18.2): within
one chunk, 20 and 60 pupils with their guardians, links and groups take exactly as many queries,
for the first import (check, apply, audit events, parent accounts) and for an unchanged
re-import. A query per row, per guardian or per link would show as a difference of at least 40.
An unchanged re-import stops after the check: nothing to write, so no second pass."""

import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.imports import pacing, services
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import TODAY, run
from schoolprivacy.imports.tests.test_memory import _export
from schoolprivacy.testing import factories


def _queries(tmp_path: Path, pupils: int) -> tuple[int, int]:
    school = factories.make_school(board=factories.make_board())
    path = _export(tmp_path / f"export-{pupils}.csv", pupils)
    # Addresses of their own: parents of another board's file would be conflicts here.
    text = path.read_text(encoding="utf-8").replace("@example.nl", f"@{pupils}.example.nl")
    path.write_text(text, encoding="utf-8")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            report = import_las(path=path, school=school, actor=None, today=TODAY)
        assert report.applied and not report.problems, report.problems[:3]
        counts.append(len(queries))
    assert report.unchanged == pupils and not report.has_changes
    return counts[0], counts[1]


@pytest.mark.django_db
def test_twenty_and_sixty_pupils_take_the_same_number_of_queries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 1000)
    monkeypatch.setattr(services, "APPLY_CHUNK_SIZE", 1000)
    monkeypatch.setattr(pacing, "APPLY_PAUSE", 0)
    small = _queries(tmp_path, 20)
    large = _queries(tmp_path, 60)
    assert small == large, (small, large)
    # An unchanged re-import reads and compares, and writes nothing but the run's own event.
    assert small[1] < small[0], small


def test_an_unchanged_reimport_reads_the_file_once_and_records_only_the_run(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(world, "parnassys.csv")
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def second_pass(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the check found nothing to write; the file is not read again")

    monkeypatch.setattr(services, "_apply", second_pass)
    report = run(world, "parnassys.csv")
    assert report.applied and not report.has_changes and report.unchanged == 4
    actions = AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True)
    assert list(actions) == ["imports.run.completed"]


@pytest.mark.django_db
def test_on_sqlite_the_pause_covers_the_busy_handlers_sleep_after_the_time_the_lock_was_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has one write lock for the whole database")
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    # Paused at 9.0; BEGIN at 9.95; the pause at 10.05: held 100 ms (parsing before it is not).
    clock = iter([10.05, 10.06, 20.0, 20.0])
    monkeypatch.setattr(time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(pacing.Pacer, "paused", 9.0)
    monkeypatch.setattr(pacing.Pacer, "began", 9.95)
    pacing.pause()
    # No BEGIN since that pause: nothing was held, nobody can be waiting for the import.
    pacing.pause()
    # A writer that began waiting at the BEGIN has waited 100 ms: its busy handler sleeps 25 ms.
    assert slept == [pytest.approx(0.025 * 1.1 + 0.003), 0.0]


@pytest.mark.parametrize(
    ("held", "longest_sleep"),
    [(0.0, 1), (0.005, 5), (0.04, 20), (0.1, 25), (0.13, 50), (0.227, 50), (0.228, 100), (9, 100)],
)
def test_the_pause_is_the_busy_handlers_sleep_at_that_time_of_waiting(
    held: float, longest_sleep: int
) -> None:
    # Each try of a waiting writer, from SQLite's sqliteDefaultBusyCallback: the pause must span
    # the sleep between the two tries around `held` for every writer that waited up to `held`.
    tries, at = [0], 0
    for sleep in [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50] + [100] * 100:
        at += sleep
        tries.append(at)
    waited_ms = held * 1000
    gaps = [b - a for a, b in itertools.pairwise(tries) if a <= waited_ms]
    assert max(gaps) == longest_sleep
    assert pacing.pause_after(held) >= max(gaps) / 1000
    assert pacing.pause_after(held) <= max(gaps) / 1000 * 1.2 + 0.005
