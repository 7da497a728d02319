"""Two purges of one board at once on PostgreSQL (the nightly task and `schoolprivacy purge` by
hand, or two workers): two connections, a forced interleaving. Whatever the order, one process
carries the run on, each batch is erased and counted once, the run finishes once, and a start
that finds the other's run neither crashes nor uses the previews again (decision 0057).

SQLite needs no such test: its write transactions never overlap.
"""

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.models import Record
from schoolprivacy.retention import engine
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]

DAY = date(2025, 1, 1)


class Worker(threading.Thread):
    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None
        self.value: Any = None

    def run(self) -> None:
        try:
            self.value = self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


def _due(world) -> int:
    """Three pupils past their rule, two records each; every part previewed."""
    for pupil in (world.pupil_a, world.pupil_b):
        leave(pupil, date(2022, 7, 10))
        record(pupil, "pupil.observations")
        record(pupil, "pupil.observations")
    previewed(world.board, DAY)
    return preview(world.board, day=DAY).total


def _finished_events() -> int:
    return AuditEvent.objects.filter(action="retention.purge.finished").count()


def test_a_second_process_resuming_a_run_never_erases_or_counts_a_batch_twice(world, register):
    expected = _due(world)
    started, release = threading.Event(), threading.Event()

    def hold_after_first_batch(phase: str, done: int, total: int) -> None:
        if not started.is_set():
            started.set()
            assert release.wait(20)

    first = Worker(
        lambda: purge_run(board=world.board, day=DAY, batch_size=1, progress=hold_after_first_batch)
    )
    first.start()
    assert started.wait(20)
    # The first process has committed one batch and holds nothing; a second one starts.
    second = purge_run(board=world.board, day=DAY, batch_size=1)
    release.set()
    first.join(30)
    assert first.error is None, first.error
    run = PurgeRun.objects.get()
    assert second.pk == run.pk and run.status == PurgeRun.Status.DONE
    assert run.subjects_done <= run.subjects_total
    assert sum(totals(run).values()) == expected
    assert _finished_events() == 1
    assert not Record.objects.filter(board=world.board).exists()


def test_two_starts_at_once_make_one_run_and_use_the_previews_once(world, register, monkeypatch):
    expected = _due(world)
    checked, release = threading.Event(), threading.Event()
    real = engine.first_run_check

    def check_then_wait(board, day):
        relied = real(board, day)
        if not checked.is_set():
            checked.set()
            assert release.wait(20)
        return relied

    monkeypatch.setattr(engine, "first_run_check", check_then_wait)
    first = Worker(lambda: purge_run(board=world.board, day=DAY))
    first.start()
    assert checked.wait(20)
    # The first process has checked the previews and not yet made its run; the second one
    # checks the same previews and runs the whole purge.
    second = purge_run(board=world.board, day=DAY)
    assert second.status == PurgeRun.Status.DONE
    release.set()
    first.join(30)
    assert first.error is None, first.error
    runs = list(PurgeRun.objects.order_by("pk"))
    assert sum(sum(totals(run).values()) for run in runs) == expected
    # The previews stay noted with the run that relied on them when they were checked.
    assert set(PurgePreview.objects.values_list("run", flat=True)) == {second.pk}
    assert _finished_events() == len(runs)
