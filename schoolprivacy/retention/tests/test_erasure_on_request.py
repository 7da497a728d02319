"""Erasure on request: the dry run against the result, what is kept and why, refusals, and the
replay of the erasure log after a backup restore."""

from datetime import date

import pytest
from django.core import serializers

from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.erasure import (
    ErasureRefused,
    erasure_confirm,
    erasure_dry_run,
    erasures_replay,
    log_entries,
)
from schoolprivacy.retention.models import SubjectErasure
from schoolprivacy.retention.services import legal_hold_place
from schoolprivacy.retention.tests.conftest import leave, record

pytestmark = pytest.mark.django_db

TWO_YEARS_AGO = date(2024, 11, 1)


def _plan(erasure: SubjectErasure) -> dict[tuple[str, str], tuple[str, str]]:
    return {(x["app"], x["category"]): (x["action"], x["reason"]) for x in erasure.plan}


def _confirm(world, erasure: SubjectErasure) -> SubjectErasure:
    return erasure_confirm(
        actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
    )


def test_the_dry_run_says_what_goes_and_what_is_kept_and_the_result_matches(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    record(pupil, "pupil.absence")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    plan = _plan(erasure)
    assert plan[("dossier", "pupil.observations")] == ("erase", "")
    # Absence and enrolment: 5 years after leaving (legal duty); the name goes with them.
    assert plan[("dossier", "pupil.absence")] == ("keep", "legal_retention")
    assert plan[("people", "pupil.enrolment")] == ("keep", "legal_retention")
    assert plan[("people", "pupil.identity")] == ("keep", "legal_retention")
    # Nothing changed yet: a dry run.
    assert Record.objects.filter(pupil=pupil).count() == 2
    done = _confirm(world, erasure)
    assert done.status == "done"
    assert done.result == [{"app": "dossier", "category": "pupil.observations", "count": 1}]
    assert list(Record.objects.filter(pupil=pupil).values_list("category_key", flat=True)) == [
        "pupil.absence"
    ]
    assert Pupil.objects.get(pk=pupil.pk).surname == "Jansen"


def test_a_pupil_at_school_keeps_the_pupil_file_for_ongoing_care(world, register):
    record(world.pupil_a, "pupil.care.measures")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(world.pupil_a))
    assert _plan(erasure)[("dossier", "pupil.care.measures")] == ("keep", "ongoing_care")


def test_a_legal_hold_keeps_everything(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    legal_hold_place(actor=world.privacy_officer, pupil=pupil, reason="complaint", case="K-1")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    assert {reason for _action, reason in _plan(erasure).values()} >= {"legal_hold"}
    assert all(action == "keep" for action, _reason in _plan(erasure).values())
    _confirm(world, erasure)
    assert Record.objects.filter(pupil=pupil).exists()


def test_a_hold_placed_after_the_dry_run_refuses_the_erasure(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    legal_hold_place(actor=world.privacy_officer, pupil=pupil, reason="proceedings")
    refused = _confirm(world, erasure)
    assert (refused.status, refused.refusal) == ("refused", "changed_since_dry_run")
    assert Record.objects.filter(pupil=pupil).exists()


def test_data_changed_since_the_dry_run_refuses(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    note = record(pupil, "pupil.observations")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    # The same number of records, one of them edited: the counts alone would not notice.
    note.body = "aangevuld"
    note.save()
    refused = _confirm(world, erasure)
    assert (refused.status, refused.refusal) == ("refused", "changed_since_dry_run")
    assert Record.objects.filter(pupil=pupil).count() == 1
    # A second confirmation of the same plan is refused outright.
    with pytest.raises(ErasureRefused):
        _confirm(world, erasure)


def test_replay_after_a_backup_restore_erases_again(world, register):
    pupil = leave(world.pupil_a, TWO_YEARS_AGO)
    record(pupil, "pupil.observations")
    record(pupil, "pupil.results.tests")
    # The backup: the rows as they were before the erasure.
    backup = serializers.serialize(
        "json",
        [
            *Pupil.objects.filter(pk=pupil.pk),
            *GroupMembership.objects.filter(pupil=pupil),
            *Record.objects.filter(pupil=pupil),
        ],
    )
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    _confirm(world, erasure)
    assert not Record.objects.filter(pupil=pupil, category_key="pupil.observations").exists()
    entries = list(log_entries())
    assert entries[0]["subject"] == pupil.pk
    assert "Sanne" not in str(entries) and "Jansen" not in str(entries)
    # The restore brings the erased records back (the erasure's own row is lost with it).
    for obj in serializers.deserialize("json", backup):
        obj.save()
    SubjectErasure.objects.all().delete()
    assert Record.objects.filter(pupil=pupil, category_key="pupil.observations").exists()
    replayed = erasures_replay()
    assert (replayed.entries, replayed.erased) == (1, 2)
    assert not Record.objects.filter(pupil=pupil).exclude(category_key="pupil.absence").exists()
    # Kept data stays kept: the name (legal duty) is back and stays.
    assert Pupil.objects.get(pk=pupil.pk).surname == "Jansen"
    assert erasures_replay().erased == 0
