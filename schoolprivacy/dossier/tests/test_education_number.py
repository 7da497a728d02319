"""The education number: validated, sealed, found by keyed hash, set only by the administration."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.education_numbers import pupils_by_education_number
from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import EDUCATION_NUMBER
from schoolprivacy.lib.education_number import InvalidEducationNumber
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db


def stored(pupil):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT education_number, education_number_hash FROM people_pupil WHERE id = %s",
            [pupil.pk],
        )
        return cursor.fetchone()


def test_the_administration_sets_it_sealed_with_a_keyed_hash(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number="9999.90.019")
    sealed_value, digest = stored(world.pupil_a)
    assert sealed_value.startswith("v1:1:") and EDUCATION_NUMBER not in sealed_value
    assert digest.startswith("1:") and EDUCATION_NUMBER not in digest
    assert Pupil.objects.get(pk=world.pupil_a.pk).education_number == EDUCATION_NUMBER


def test_the_change_is_audited_without_the_number(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    event = AuditEvent.objects.get(action="dossier.education_number.changed")
    assert event.fields == ["education_number"]
    assert EDUCATION_NUMBER not in str(event.context)


@pytest.mark.parametrize(
    "persona", ["teacher", "care_coordinator", "teacher_b", "other_board_staff"]
)
def test_nobody_else_may_set_it(world, persona):
    with pytest.raises(DossierNotFound):
        education_number_set(
            actor=getattr(world, persona), pupil=world.pupil_a, number=EDUCATION_NUMBER
        )
    assert stored(world.pupil_a) == ("", "")


def test_a_number_failing_the_11_check_is_refused_without_echoing_it(world):
    with pytest.raises(ValidationError) as refused:
        education_number_set(actor=world.administration, pupil=world.pupil_a, number="123456789")
    assert "123456789" not in str(refused.value)


def test_two_pupils_of_one_school_cannot_share_a_number(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    with pytest.raises(ValidationError):
        education_number_set(
            actor=world.administration, pupil=world.pupil_a2, number=EDUCATION_NUMBER
        )


def test_imports_find_the_pupil_by_number_within_the_board_only(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    assert list(pupils_by_education_number(board_id=world.board.pk, number=EDUCATION_NUMBER)) == [
        world.pupil_a
    ]
    other_board = world.other_board_staff.staff.board_id
    assert not pupils_by_education_number(board_id=other_board, number=EDUCATION_NUMBER).exists()
    with pytest.raises(InvalidEducationNumber):
        pupils_by_education_number(board_id=world.board.pk, number="12")


def test_clearing_removes_number_and_hash_together(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    education_number_set(actor=world.administration, pupil=world.pupil_a, number="")
    assert stored(world.pupil_a) == ("", "")
    assert AuditEvent.objects.filter(action="dossier.education_number.cleared").exists()


def test_the_database_refuses_a_number_without_its_hash(world):
    with pytest.raises(IntegrityError):
        Pupil.objects.filter(pk=world.pupil_a.pk).update(education_number=EDUCATION_NUMBER)
