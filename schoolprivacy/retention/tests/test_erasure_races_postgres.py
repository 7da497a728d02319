"""Erasure's check-then-act under real concurrency on PostgreSQL: two connections, a forced
interleaving. The confirmation is stopped after it erased and before it commits (inside the
erasure log's write), holding whatever it holds, while a second connection acts.

SQLite needs no such test: its write transactions never overlap.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection

from schoolprivacy.dossier.models import Record
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention import erasure as erasure_module
from schoolprivacy.retention.erasure import ErasureRefused, erasure_confirm, erasure_dry_run
from schoolprivacy.retention.models import LegalHold, SubjectErasure
from schoolprivacy.retention.services import legal_hold_place
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.testing.two_connections import Interleaving, Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


class Logged:
    """Counts the erasure log's writes; the first waits at `pause` (the erasure is done, not yet
    committed), later ones run freely."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pause = Pause()
        self.entries = 0
        real = self.pause.before(erasure_module.log_append)

        def log_append(*args: Any, **kwargs: Any) -> None:
            self.entries += 1
            real(*args, **kwargs)

        monkeypatch.setattr(erasure_module, "log_append", log_append)


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch) -> Logged:
    return Logged(monkeypatch)


def _race(
    world, paused: Logged, erasure: SubjectErasure, other: Callable[[], Any], message: str
) -> Interleaving:
    """The confirmation stops at its log; `other` must wait for it on a second connection."""
    race = interleave(
        lambda: erasure_confirm(
            actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
        ),
        paused.pause,
        other,
        second_waits=True,
        message=message,
    )
    race.first.result()
    return race


def _planned(world) -> SubjectErasure:
    pupil = leave(world.pupil_a, date(2024, 9, 1))
    record(pupil, "pupil.observations")
    return erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))


def test_a_second_confirmation_of_the_same_plan_waits_and_is_refused(world, register, paused):
    erasure = _planned(world)
    race = _race(
        world,
        paused,
        erasure,
        lambda: erasure_confirm(
            actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
        ),
        "the second confirmation did not wait for the first",
    )
    assert isinstance(race.second.error, ErasureRefused)
    assert paused.entries == 1  # erased and logged once
    assert SubjectErasure.objects.get(pk=erasure.pk).status == "done"


def test_a_hold_placed_during_the_erasure_waits_for_it(world, register, paused):
    erasure = _planned(world)
    race = _race(
        world,
        paused,
        erasure,
        lambda: legal_hold_place(
            actor=world.privacy_officer, pupil=world.pupil_a, reason="proceedings"
        ),
        "the hold was placed while the erasure relied on there being none",
    )
    race.second.result()
    assert LegalHold.objects.filter(pupil=world.pupil_a).exists()


def test_a_record_added_during_the_erasure_waits_and_survives(world, register, paused):
    erasure = _planned(world)
    pupil = world.pupil_a
    race = _race(
        world,
        paused,
        erasure,
        # A new record references the pupil's row, which the confirmation holds FOR UPDATE.
        lambda: Record.objects.create(
            board=pupil.board,
            school=pupil.school,
            pupil=pupil,
            category_key="pupil.observations",
            title="Nieuw",
            recorded_at=datetime(2026, 1, 5, tzinfo=UTC),
        ),
        "a record was written while the erasure relied on its dry run",
    )
    race.second.result()
    assert race.first.value.result == [
        {"app": "dossier", "category": "pupil.observations", "count": 1}
    ]
    # The erasure took what the officer saw; the new record came after it and stays.
    assert list(Record.objects.filter(pupil=pupil).values_list("title", flat=True)) == ["Nieuw"]
