"""Review of the set-based purge (decision 0047): what must be kept stays.

Siblings sharing a parent, a parent known at two schools (two guardian records, one account),
a link that ended while the child stayed, legal holds per case, the day of expiry."""

from datetime import date

import pytest

from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.retention import preview as preview_module
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.models import LegalHold
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = pytest.mark.django_db

DAY = date(2031, 3, 3)
LONG_AGO = date(2022, 7, 1)


def _second_record(guardian: Guardian, pupil: Pupil) -> Guardian:
    """The same parent known at another school: a guardian record of its own, one account."""
    other = Guardian.objects.create(
        board=pupil.board,
        first_name=guardian.first_name,
        surname=guardian.surname,
        email=guardian.email,
        user=guardian.user,
    )
    GuardianRelation.objects.create(
        board=pupil.board, guardian=other, pupil=pupil, kind="parent", has_parental_authority=True
    )
    return other


def test_a_parent_account_shared_with_a_current_childs_record_stays(world, register):
    gone = world.parent.guardians.get()  # of pupil_a at school A
    staying = _second_record(gone, world.pupil_b)  # pupil_b at school B is still there
    leave(world.pupil_a, LONG_AGO)
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert not Guardian.objects.filter(pk=gone.pk, email=gone.email).exists()  # its record went
    user = User.objects.get(pk=world.parent.pk)
    assert user.is_active and user.email == "ouder@example.nl"
    assert Guardian.objects.get(pk=staying.pk).user_id == user.pk


def test_the_shared_account_goes_with_the_last_record(world, register):
    gone = world.parent.guardians.get()
    second = _second_record(gone, world.pupil_b)
    leave(world.pupil_a, LONG_AGO)
    leave(world.pupil_b, LONG_AGO)
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert not Guardian.objects.filter(pk=second.pk, email=gone.email).exists()
    user = User.objects.get(pk=world.parent.pk)
    assert not user.is_active and user.email == ""


def test_siblings_one_left_one_at_school_keep_their_parent(world, register):
    guardian = world.parent.guardians.get()
    GuardianRelation.objects.create(
        board=world.board,
        guardian=guardian,
        pupil=world.pupil_a2,
        kind="parent",
        has_parental_authority=True,
    )
    leave(world.pupil_a, LONG_AGO)
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    kept = Guardian.objects.get(pk=guardian.pk)
    assert kept.email == "ouder@example.nl"
    assert User.objects.get(pk=world.parent.pk).is_active


def test_a_link_that_ended_while_the_child_stayed_keeps_the_parent(world, register):
    guardian = world.parent.guardians.get()
    GuardianRelation.objects.filter(guardian=guardian).update(ends_on=LONG_AGO)
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert Guardian.objects.get(pk=guardian.pk).email == "ouder@example.nl"


def test_a_hold_of_one_case_keeps_the_pupil_and_its_parents(world, register):
    leave(world.pupil_a, LONG_AGO)
    leave(world.pupil_b, LONG_AGO)
    note = record(world.pupil_a, "pupil.care.notes")
    LegalHold.objects.create(board=world.board, pupil=world.pupil_a, case="K-1", reason="complaint")
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert type(note).objects.filter(pk=note.pk).exists()
    assert Guardian.objects.get(pk=world.parent.guardians.get().pk).email == "ouder@example.nl"
    assert not Guardian.objects.filter(user=world.parent_b, email="ouder.b@example.nl").exists()


def test_records_sharing_an_account_are_counted_together_whatever_the_batches(
    world, register, monkeypatch
):
    """A parent at two schools whose children both left: every dry run (each school's stored
    preview, the board's check) counts the shared account once, at the same record, so the
    first run is not refused for counts that only differ by where a batch ended."""
    monkeypatch.setattr(preview_module, "PREVIEW_BATCH", 3)
    gone = world.parent.guardians.get()
    _second_record(gone, world.pupil_b)
    leave(world.pupil_a, LONG_AGO)
    leave(world.pupil_b, LONG_AGO)
    previewed(world.board, DAY)
    shown = preview_module.preview(world.board, day=DAY)
    run = purge_run(board=world.board, day=DAY)  # not refused
    assert not User.objects.get(pk=world.parent.pk).is_active
    assert sum(totals(run).values()) == shown.total


def test_a_hold_placed_while_the_run_goes_on_stops_the_rest_of_it(world, register):
    """A hold placed during a long run (a complaint comes in) protects the pupil in the batches
    that follow: holds are read per batch, not once at the start."""
    leave(world.pupil_a, LONG_AGO)
    leave(world.pupil_b, LONG_AGO)
    later = record(world.pupil_b, "pupil.care.notes")
    previewed(world.board, DAY)

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "pupil" and not LegalHold.objects.exists():
            LegalHold.objects.create(
                board=world.board, pupil=world.pupil_b, case="K-2", reason="complaint"
            )

    purge_run(board=world.board, day=DAY, batch_size=1, progress=progress)
    assert LegalHold.objects.exists()
    assert type(later).objects.filter(pk=later.pk).exists()
