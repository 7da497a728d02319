"""The nightly task purges every board and queues the next night's run."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from schoolprivacy.retention.models import PurgeRun
from schoolprivacy.retention.tasks import next_run, purge_task
from schoolprivacy.retention.tests.conftest import leave, previewed, record
from schoolprivacy.schools.models import Board

pytestmark = pytest.mark.django_db


def test_the_task_purges_every_board(world, register):
    pupil = leave(world.pupil_a, date(2022, 9, 1))
    record(pupil, "pupil.observations")
    for board in Board.objects.all():
        previewed(board)
    assert purge_task.call() == 2  # the world has two boards
    assert not pupil.records.exists()
    assert set(PurgeRun.objects.values_list("status", flat=True)) == {"done"}


def test_it_runs_at_night():
    evening = datetime(2026, 12, 5, 21, 0, tzinfo=UTC)
    assert next_run(evening) > evening
    assert timezone.localtime(next_run(evening)).hour == 4
