"""A damaged line in the erasure log (a write torn by a crash, a garbled copy) does not stop the
replay of the other lines, and is reported, never skipped in silence (decision 0043)."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from schoolprivacy.backups.aftercare import keep_erased_ids_unused
from schoolprivacy.dossier.models import Record
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.erasure import (
    erasure_confirm,
    erasure_dry_run,
    erasures_replay,
    log_path,
)
from schoolprivacy.retention.models import SubjectErasure
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.retention.tests.test_erasure_on_request import TWO_YEARS_AGO

pytestmark = pytest.mark.django_db


def _erased_then_restored(world):
    """An erasure in the log, and a database that does not show it (a backup from before)."""
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    erasure_confirm(actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk)
    SubjectErasure.objects.all().delete()
    back = record(pupil, "pupil.observations")
    return back


def _damage(garbage: str) -> None:
    path = log_path()
    good = path.read_text(encoding="utf-8")
    # A garbled line before the good one, and a write torn by a crash after it (no newline).
    path.write_text(garbage + "\n" + good + '{"v": 1, "erasure": 9', encoding="utf-8")


@pytest.mark.parametrize("garbage", ["\x00\x00\x00", '{"v": 1}', "[1, 2]", '{"erasure": "x"'])
def test_the_good_lines_are_replayed_and_the_damaged_ones_named(world, register, garbage):
    back = _erased_then_restored(world)
    _damage(garbage)
    replayed = erasures_replay()
    assert not Record.objects.filter(pk=back.pk).exists()
    assert (replayed.entries, replayed.erased, replayed.unreadable) == (1, 1, (1, 3))
    # The restore's step before the replay reads the same log.
    keep_erased_ids_unused()


@override_settings(LANGUAGE_CODE="en")
def test_the_command_replays_and_then_fails_naming_the_lines(world, register):
    back = _erased_then_restored(world)
    _damage("garbled")
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("replay_erasures")
    assert not Record.objects.filter(pk=back.pk).exists()
    assert "lines 1, 3" in str(refused.value)
    assert str(log_path()) in str(refused.value)
