"""A failed run that erased data of several parts (decision 0057): the next run checks a waiting
school's preview against that school's own losses only, not against what the failed run erased
at a school that was purged before."""

from datetime import date

import pytest

from schoolprivacy.dossier.models import Record
from schoolprivacy.retention import batches, engine
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import first_run_schools, preview_store
from schoolprivacy.retention.models import Destruction, PurgeRun
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import leave, previewed, record
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 1)
LEFT = date(2022, 7, 10)


class Forced(Exception):
    pass


def test_what_a_failed_run_erased_at_another_school_is_not_taken_off_this_ones_preview(
    world, register, monkeypatch
):
    previewed(world.board, DAY)
    assert purge_run(board=world.board, day=DAY).status == PurgeRun.Status.DONE
    # A new school joins the board: its first purge waits for its preview.
    new = factories.make_school(board=world.board, name="De Nieuwe School")
    group = factories.make_group(school=new)
    first, second = (
        factories.make_pupil(group=group, first_name=name, left_on=LEFT) for name in ("Bo", "Eva")
    )
    for pupil in (leave(world.pupil_a, LEFT), first, second):
        record(pupil, "pupil.observations")
        record(pupil, "pupil.observations")
    assert first_run_schools(world.board.pk) == [new]
    preview_store(world.board, new, preview(world.board, school_id=new.pk, day=DAY), actor_id=None)

    real = batches.erase_targets

    def failing(found, **kwargs):
        if any(t.subject.kind == "pupil" and t.subject.id == second.pk for t, _e in found):
            raise Forced("the database went away")
        return real(found, **kwargs)

    monkeypatch.setattr(engine, "erase_targets", failing)
    with pytest.raises(Forced):
        purge_run(board=world.board, day=DAY, batch_size=1)
    monkeypatch.undo()
    failed = PurgeRun.objects.get(status=PurgeRun.Status.FAILED)
    erased = {
        school: n
        for school, n in Destruction.objects.filter(
            run=failed, category="pupil.observations"
        ).values_list("school_id", "count")
    }
    assert erased == {world.school_a.pk: 2, new.pk: 2}  # both schools lost data
    assert Record.objects.filter(pupil=second).count() == 2

    run = purge_run(board=world.board, day=DAY)  # no new preview: the same one still holds
    assert run.status == PurgeRun.Status.DONE
    assert not Record.objects.filter(pupil=second).exists()
    assert first_run_schools(world.board.pk) == []
