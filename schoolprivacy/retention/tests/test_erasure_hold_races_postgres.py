"""A legal hold and an erasure confirmation on two connections (PostgreSQL), interleaved at the
erasure's check-then-act: the confirmation checks that no hold keeps the subject's data
(`erasure_plan`, inside the fingerprint) and then erases (`_erase`). A hold committed between
the two would be ignored: the data goes although the hold was placed first.

The pupil lock closes that gap. The confirmation takes the rows of the pupils whose holds keep
the subject's data (the pupil itself; a parent's children) FOR UPDATE before it checks, and
`legal_hold_place` takes the pupil's row FOR UPDATE before it inserts the hold. So either the
hold waits until the erasure committed, or the erasure waits for the hold and then sees it.

(`test_erasure_races_postgres` stops the erasure later, at its log, after it wrote the pupil's
row: a hold waits there even without the pupil lock, so it cannot prove it.)

SQLite needs no such test: its write transactions never overlap.
"""

from datetime import date

import pytest
from django.db import connection

from schoolprivacy.audit.services import audit_record
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention import erasure as erasure_module
from schoolprivacy.retention import services as hold_services
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run
from schoolprivacy.retention.models import LegalHold, SubjectErasure
from schoolprivacy.retention.services import legal_hold_place
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def _parent(world) -> Guardian:
    """The parent of a pupil who left long enough ago that no legal duty keeps the parent's
    data (two years ago would keep all of it)."""
    Pupil.objects.filter(pk=world.pupil_a.pk).update(
        date_of_birth=date(1990, 3, 1), enrolled_on=date(1994, 8, 15)
    )
    leave(world.pupil_a, date(2003, 7, 1))
    return world.parent.guardians.get()


def _planned(world, subject: DataSubject) -> SubjectErasure:
    if world.pupil_a.left_on is None:
        leave(world.pupil_a, date(2024, 9, 1))
    record(world.pupil_a, "pupil.observations")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=subject)
    assert any(line["action"] == "erase" for line in erasure.plan)  # something to race for
    return erasure


def _confirm(world, erasure: SubjectErasure):
    return lambda: erasure_confirm(
        actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
    )


def _hold(world):
    return lambda: legal_hold_place(
        actor=world.privacy_officer, pupil=world.pupil_a, reason="proceedings", case="K-7"
    )


def _hold_waits_for_the_checked_erasure(world, monkeypatch, erasure: SubjectErasure) -> None:
    """The confirmation checked (no hold) and stops before it erases; the hold must wait."""
    checked = Pause()
    monkeypatch.setattr(erasure_module, "_erase", checked.before(erasure_module._erase))
    race = interleave(
        _confirm(world, erasure),
        checked,
        _hold(world),
        second_waits=True,
        message="a hold was placed between the erasure's check for holds and its deletes",
    )
    assert race.first.result().status == SubjectErasure.Status.DONE
    race.second.result()
    # Placed after the erasure committed: it keeps what is left, it did not stop what went.
    assert LegalHold.objects.filter(pupil=world.pupil_a, released_at__isnull=True).count() == 1


def _erasure_waits_for_the_hold(world, monkeypatch, erasure: SubjectErasure) -> None:
    """The hold is inserted, not yet committed; the confirmation must wait and then see it."""
    placing = Pause()
    monkeypatch.setattr(hold_services, "audit_record", placing.before(audit_record))
    race = interleave(
        _hold(world),
        placing,
        _confirm(world, erasure),
        second_waits=True,
        message="the erasure checked for holds while a hold was being placed",
    )
    race.first.result()
    refused = race.second.result()
    assert (refused.status, refused.refusal) == ("refused", "changed_since_dry_run")


def test_a_hold_placed_between_the_check_and_the_deletes_waits(world, register, monkeypatch):
    erasure = _planned(world, DataSubject.of(world.pupil_a))
    _hold_waits_for_the_checked_erasure(world, monkeypatch, erasure)
    assert not Record.objects.filter(pupil=world.pupil_a).exists()


def test_an_erasure_confirmed_while_a_hold_is_placed_waits_and_is_refused(
    world, register, monkeypatch
):
    erasure = _planned(world, DataSubject.of(world.pupil_a))
    _erasure_waits_for_the_hold(world, monkeypatch, erasure)
    assert Record.objects.filter(pupil=world.pupil_a).count() == 1


def test_a_hold_on_the_child_waits_for_the_checked_erasure_of_the_parent(
    world, register, monkeypatch
):
    parent = _parent(world)
    erasure = _planned(world, DataSubject.of(parent))
    _hold_waits_for_the_checked_erasure(world, monkeypatch, erasure)
    parent = Guardian.objects.filter(pk=parent.pk).first()
    assert parent is None or not parent.email


def test_an_erasure_of_the_parent_waits_for_a_hold_on_the_child_and_is_refused(
    world, register, monkeypatch
):
    parent = _parent(world)
    erasure = _planned(world, DataSubject.of(parent))
    _erasure_waits_for_the_hold(world, monkeypatch, erasure)
    # A hold on the child keeps the parent's data too (retention.erasure._held).
    assert Guardian.objects.get(pk=parent.pk).email == "ouder@example.nl"
