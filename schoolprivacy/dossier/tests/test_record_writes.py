"""Writing records: only who the policy allows, always audited, never with the values."""

import pytest
from django.core.exceptions import ValidationError

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import record_create, record_delete, record_update
from schoolprivacy.dossier.tests.helpers import DIAGNOSIS_TEXT, diagnosis_and_measure

pytestmark = pytest.mark.django_db


def observation(actor, pupil, body="Werkt geconcentreerd."):
    return record_create(
        actor=actor,
        pupil=pupil,
        category_key="pupil.observations",
        title="Werkhouding",
        body=body,
    )


def test_a_teacher_records_an_observation_for_a_pupil_of_their_group(world):
    record = observation(world.teacher, world.pupil_a)
    assert (record.board, record.school, record.pupil) == (
        world.board,
        world.school_a,
        world.pupil_a,
    )
    assert record.recorded_by == world.teacher


def test_creation_is_audited_with_field_names_and_the_category_only(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    event = AuditEvent.objects.filter(action="dossier.record.created").order_by("seq").first()
    assert event.actor_id == world.care_coordinator.pk
    assert {"type": "dossier.record", "id": diagnosis.pk} in event.subjects
    assert {"type": "people.pupil", "id": world.pupil_a.pk} in event.subjects
    assert set(event.fields) == {"category_key", "title", "body", "recorded_at"}
    assert event.context == {"category": "pupil.care.diagnosis", "rule": "care.school"}
    assert "Dyslexie" not in str(event.context) + str(event.fields)


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "privacy_officer", "parent"])
def test_outsiders_cannot_write_about_pupil_a(world, persona):
    with pytest.raises(DossierNotFound):
        observation(getattr(world, persona), world.pupil_a)
    assert not Record.objects.exists()


def test_a_teacher_cannot_record_a_diagnosis(world):
    with pytest.raises(DossierNotFound):
        record_create(
            actor=world.teacher,
            pupil=world.pupil_a,
            category_key="pupil.care.diagnosis",
            title="ADHD",
        )


def test_a_teacher_cannot_link_a_measure_to_a_diagnosis_they_may_not_see(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with pytest.raises(DossierNotFound):
        record_create(
            actor=world.teacher,
            pupil=world.pupil_a,
            category_key="pupil.care.measures",
            title="Koptelefoon",
            based_on=diagnosis,
        )


def test_a_link_must_stay_with_the_same_pupil(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with pytest.raises(DossierNotFound):
        record_create(
            actor=world.care_coordinator,
            pupil=world.pupil_a2,
            category_key="pupil.care.measures",
            title="Extra tijd",
            based_on=diagnosis,
        )


def test_only_record_categories_and_a_title_are_accepted(world):
    with pytest.raises(ValidationError) as refused:
        observation(world.teacher, world.pupil_a, body="x" * 10_001)
    assert "body" in refused.value.message_dict
    with pytest.raises(ValidationError):
        record_create(
            actor=world.administration,
            pupil=world.pupil_a,
            category_key="pupil.education_number",
            title="BSN",
        )
    with pytest.raises(ValidationError):
        record_create(
            actor=world.teacher, pupil=world.pupil_a, category_key="pupil.observations", title=" "
        )


def test_an_update_changes_text_and_audits_which_fields(world):
    record = observation(world.teacher, world.pupil_a)
    record_update(actor=world.teacher, record=record, body="Werkt zelfstandig.")
    assert Record.objects.get(pk=record.pk).body == "Werkt zelfstandig."
    event = AuditEvent.objects.get(action="dossier.record.updated")
    assert event.fields == ["body"]


def test_an_update_without_changes_records_nothing(world):
    record = observation(world.teacher, world.pupil_a)
    record_update(actor=world.teacher, record=record, title=record.title)
    assert not AuditEvent.objects.filter(action="dossier.record.updated").exists()


def test_others_cannot_update_or_delete(world):
    diagnosis, measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with pytest.raises(DossierNotFound):
        record_update(actor=world.teacher, record=diagnosis, body="gewijzigd")
    with pytest.raises(DossierNotFound):
        record_delete(actor=world.teacher_b, record=measure)
    assert Record.objects.get(pk=diagnosis.pk).body == DIAGNOSIS_TEXT


def test_deleting_a_diagnosis_keeps_the_measure_without_the_link(world):
    diagnosis, measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    record_delete(actor=world.care_coordinator, record=diagnosis)
    assert Record.objects.get(pk=measure.pk).based_on_id is None
    event = AuditEvent.objects.get(action="dossier.record.deleted")
    assert event.context["category"] == "pupil.care.diagnosis"
