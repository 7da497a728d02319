"""A replay leaves an erasure the restored database shows as done: the backup was made after
it, so what the subject has in the backup was recorded after the erasure (decision 0043)."""

import pytest

from schoolprivacy.dossier.models import Record
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run, erasures_replay
from schoolprivacy.retention.models import SubjectErasure
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.retention.tests.test_erasure_on_request import TWO_YEARS_AGO

pytestmark = pytest.mark.django_db


def test_data_recorded_after_an_erasure_in_the_backup_stays(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    erasure_confirm(actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk)
    # Recorded after the erasure, then the backup: the database shows the erasure as done.
    later = record(pupil, "pupil.observations")
    replayed = erasures_replay()
    assert (replayed.entries, replayed.erased, replayed.already_done) == (1, 0, 1)
    assert Record.objects.filter(pk=later.pk).exists()
    # A backup from before the erasure does not have it: the replay erases again.
    SubjectErasure.objects.all().delete()
    replayed = erasures_replay()
    assert (replayed.entries, replayed.erased, replayed.already_done) == (1, 1, 0)
    assert not Record.objects.filter(pk=later.pk).exists()
