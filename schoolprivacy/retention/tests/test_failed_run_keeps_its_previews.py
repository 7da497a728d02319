"""A run that fails half-way does not use up the previews it relied on (decision 0057): the next
run may rely on them for what is left, and still refuses when anything else changed. Forced here
by a failure in the staff phase, after the pupils' batches committed."""

from datetime import date

import pytest

from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Staff
from schoolprivacy.retention import batches, engine
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import PurgeRefused, board_wide_waiting, first_run_schools
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 1)


class Forced(Exception):
    pass


def _fail_at_staff(monkeypatch) -> None:
    """The staff phase raises before it erases anything (the outside world failing: a lost
    connection, a full disk); the phases before it have committed."""
    real = batches.erase_targets

    def failing(found, **kwargs):
        if any(target.subject.kind == "staff" for target, _expired in found):
            raise Forced("the database went away")
        return real(found, **kwargs)

    monkeypatch.setattr(engine, "erase_targets", failing)


def _setup(world):
    pupil = leave(world.pupil_a, date(2022, 7, 10))
    record(pupil, "pupil.observations")
    record(pupil, "pupil.observations")
    staff = Staff.objects.get(user=world.teacher)
    Staff.objects.filter(pk=staff.pk).update(left_on=date(2022, 7, 10))
    previewed(world.board, DAY)
    return pupil, staff


def _failed_run(world, monkeypatch, pupil) -> PurgeRun:
    _fail_at_staff(monkeypatch)
    with pytest.raises(Forced):
        purge_run(board=world.board, day=DAY)
    monkeypatch.undo()
    run = PurgeRun.objects.get()
    assert run.status == PurgeRun.Status.FAILED
    assert not Record.objects.filter(pupil=pupil).exists()  # the pupils' batch had committed
    return run


def test_the_next_run_relies_on_the_same_previews_for_what_is_left(world, register, monkeypatch):
    pupil, staff = _setup(world)
    failed = _failed_run(world, monkeypatch, pupil)
    # Nothing counts as previewed-and-purged after a failure.
    assert len(first_run_schools(world.board.pk)) == 2 and board_wide_waiting(world.board.pk)
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"
    run = purge_run(board=world.board, day=DAY)  # no new preview
    assert run.pk != failed.pk and run.status == PurgeRun.Status.DONE
    assert Staff.objects.get(pk=staff.pk).surname == ""
    assert set(PurgePreview.objects.values_list("run", flat=True)) == {run.pk}
    assert first_run_schools(world.board.pk) == [] and not board_wide_waiting(world.board.pk)


def test_after_a_failure_a_change_still_makes_the_preview_stale(world, register, monkeypatch):
    pupil, staff = _setup(world)
    _failed_run(world, monkeypatch, pupil)
    record(pupil, "pupil.observations")  # something the officer never saw would now go
    with pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board, day=DAY)
    assert refused.value.stale == [world.school_a.name]
    assert Record.objects.filter(pupil=pupil).count() == 1
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"
