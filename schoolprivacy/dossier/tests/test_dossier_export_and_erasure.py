"""dossier/privacy.py: a pupil's records exported per category, and erased with a count."""

import pytest

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier import privacy
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.tests.helpers import DIAGNOSIS_TEXT, diagnosis_and_measure
from schoolprivacy.privacy_registry import DataSubject

pytestmark = pytest.mark.django_db


def test_the_export_gives_the_pupils_records_by_category_in_plain_text(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    exported = privacy.export(DataSubject.of(world.pupil_a))
    assert set(exported) == {"pupil.care.diagnosis", "pupil.care.measures"}
    [row] = exported["pupil.care.diagnosis"]
    assert row["id"] == diagnosis.pk
    assert row["fields"]["body"] == DIAGNOSIS_TEXT
    # Who wrote it is the staff member's data, not part of the pupil's export.
    assert "recorded_by" not in row["fields"]


def test_the_export_of_a_staff_member_lists_what_they_wrote_not_what_it_says(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    exported = privacy.export(DataSubject.of(world.care_coordinator.staff))
    assert len(exported["staff.activity"]) == 2
    assert DIAGNOSIS_TEXT not in str(exported)


def test_a_dry_run_only_counts(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    plan = privacy.erase(DataSubject.of(world.pupil_a), actor_id=None)
    assert plan.counts == {"pupil.care.diagnosis": 1, "pupil.care.measures": 1}
    assert not plan.done
    assert Record.objects.count() == 2


def test_erasure_deletes_the_chosen_categories_and_logs_counts(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    done = privacy.erase(
        DataSubject.of(world.pupil_a),
        actor_id=world.privacy_officer.pk,
        categories=["pupil.care.diagnosis"],
        dry_run=False,
    )
    assert done.done and done.counts == {"pupil.care.diagnosis": 1}
    assert list(Record.objects.values_list("category_key", flat=True)) == ["pupil.care.measures"]
    event = AuditEvent.objects.get(action="dossier.records.erased")
    assert event.context == {"pupil.care.diagnosis": 1}


def test_erasing_a_staff_member_keeps_the_records_without_their_name(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    privacy.erase(DataSubject.of(world.care_coordinator.staff), actor_id=None, dry_run=False)
    assert Record.objects.count() == 2
    assert not Record.objects.filter(recorded_by__isnull=False).exists()
