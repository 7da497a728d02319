"""Two purges of one board at once on PostgreSQL (the nightly task and `schoolprivacy purge` by
hand, or two workers): two connections, a forced interleaving. Whatever the order, one process
carries the run on, each batch is erased and counted once, the run finishes once, and a start
that finds the other's run neither crashes nor uses the previews again (decision 0057).

SQLite needs no such test: its write transactions never overlap.
"""

from datetime import date

import pytest
from django.db import connection

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.models import Record
from schoolprivacy.retention import engine
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import leave, previewed, record
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]

DAY = date(2025, 1, 1)


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
    after_first_batch = Pause()
    # The first process has committed one batch and holds nothing; a second one starts and
    # carries the run on without waiting for it.
    race = interleave(
        lambda: purge_run(
            board=world.board,
            day=DAY,
            batch_size=1,
            progress=lambda phase, done, total: after_first_batch(),
        ),
        after_first_batch,
        lambda: purge_run(board=world.board, day=DAY, batch_size=1),
        second_waits=False,
    )
    race.first.result()
    second = race.second.result()
    run = PurgeRun.objects.get()
    assert second.pk == run.pk and run.status == PurgeRun.Status.DONE
    assert run.subjects_done <= run.subjects_total
    assert sum(totals(run).values()) == expected
    assert _finished_events() == 1
    assert not Record.objects.filter(board=world.board).exists()


def test_two_starts_at_once_make_one_run_and_use_the_previews_once(world, register, monkeypatch):
    expected = _due(world)
    checked = Pause()
    monkeypatch.setattr(engine, "first_run_check", checked.after(engine.first_run_check))
    # The first process has checked the previews and not yet made its run; the second one
    # checks the same previews and runs the whole purge.
    race = interleave(
        lambda: purge_run(board=world.board, day=DAY),
        checked,
        lambda: purge_run(board=world.board, day=DAY),
        second_waits=False,
    )
    race.first.result()
    second = race.second.result()
    assert second.status == PurgeRun.Status.DONE
    runs = list(PurgeRun.objects.order_by("pk"))
    assert sum(sum(totals(run).values()) for run in runs) == expected
    # The previews stay noted with the run that relied on them when they were checked.
    assert set(PurgePreview.objects.values_list("run", flat=True)) == {second.pk}
    assert _finished_events() == len(runs)
