"""Every read of special data (or the education number) leaves an audit event, in the same
transaction; ordinary reads by a teacher do not claim special data was read."""

import pytest

from schoolprivacy.access.reads import DOSSIER_OPENED, SPECIAL_READ
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.selectors import (
    dossier_for,
    education_number_for,
    record_for,
    records_for,
)
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import EDUCATION_NUMBER, diagnosis_and_measure

pytestmark = pytest.mark.django_db


def reads(action=SPECIAL_READ):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_reading_a_diagnosis_is_logged_with_rule_and_categories(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    records_for(world.care_coordinator, world.pupil_a, channel="api")
    [event] = reads()
    assert event.actor_id == world.care_coordinator.pk
    assert {"type": "people.pupil", "id": world.pupil_a.pk} in event.subjects
    assert event.context["categories"] == ["pupil.care.diagnosis"]
    assert event.context["rules"] == ["care.school"]
    assert event.channel == "api"
    assert "Dyslexie" not in str(event.context)


def test_reading_one_diagnosis_is_logged(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    record_for(world.care_coordinator, world.pupil_a, diagnosis.pk)
    assert len(reads()) == 1


def test_the_teacher_reading_the_measure_is_no_special_read(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    records_for(world.teacher, world.pupil_a)
    assert reads() == []


def test_an_empty_care_file_is_not_reported_as_special_data_read(world):
    dossier_for(world.care_coordinator, world.pupil_a)
    assert reads() == []
    [opened] = reads(DOSSIER_OPENED)
    assert "pupil.care.diagnosis" not in opened.context["categories"]


def test_opening_the_dossier_logs_once_for_everything_shown(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    dossier = dossier_for(world.care_coordinator, world.pupil_a)
    assert len(dossier.records) == 2
    assert len(reads(DOSSIER_OPENED)) == 1
    [special] = reads()
    assert special.context["categories"] == ["pupil.care.diagnosis"]


def test_showing_the_education_number_is_logged(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    assert education_number_for(world.administration, world.pupil_a) == EDUCATION_NUMBER
    [event] = reads()
    assert event.context["categories"] == ["pupil.education_number"]
    assert EDUCATION_NUMBER not in str(event.context) + str(event.subjects)


def test_the_dossier_shows_the_education_number_only_to_the_administration(world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    assert dossier_for(world.administration, world.pupil_a).education_number is None
    assert reads() == []  # not asked for, not shown, no read
    shown = dossier_for(world.administration, world.pupil_a, show_education_number=True)
    assert shown.education_number == EDUCATION_NUMBER
    assert len(reads()) == 1
    for persona in ("teacher", "care_coordinator", "director"):
        user = getattr(world, persona)
        assert dossier_for(user, world.pupil_a, show_education_number=True).education_number is None
        assert education_number_for(getattr(world, persona), world.pupil_a) is None
    assert len(reads()) == 1
