"""The demo has dossiers: the demo teacher sees a measure whose diagnosis only `ib` may read."""

import pytest

from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.accounts.models import User
from schoolprivacy.demo.personas import TEACHER_GROUP
from schoolprivacy.demo.tests.conftest import run_demo
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.selectors import dossier_for
from schoolprivacy.lib.education_number import is_bsn
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Group

pytestmark = pytest.mark.django_db


def test_a_pupil_of_the_demo_teachers_group_has_dyslexia_and_extra_time(demo):
    group = Group.objects.get(board=demo, name=TEACHER_GROUP)
    teacher = User.objects.get(username="leerkracht")
    care = User.objects.get(username="ib")
    diagnoses = Record.objects.filter(
        pupil__in=pupils_in_group(teacher, group), category_key="pupil.care.diagnosis"
    ).select_related("pupil")
    # Titles are encrypted, so the database cannot search them: compare after reading.
    pupil = next(d.pupil for d in diagnoses if d.title == "Dyslexie")

    seen_by_teacher = dossier_for(teacher, pupil).records
    assert "Extra tijd bij toetsen" in {r.title for r in seen_by_teacher}
    assert "pupil.care.diagnosis" not in {r.category_key for r in seen_by_teacher}
    assert "Dyslexie" in {r.title for r in dossier_for(care, pupil).records}


def test_every_record_satisfies_its_constraints_and_links_within_its_pupil(demo):
    records = list(Record.objects.filter(board=demo).select_related("based_on"))
    assert len(records) > 300
    for record in records:
        record.validate_constraints()
        if record.based_on is not None:
            assert record.based_on.pupil_id == record.pupil_id
            assert record.based_on.category_key == "pupil.care.diagnosis"
    assert {r.category_key for r in records} >= {
        "pupil.results.tests",
        "pupil.observations",
        "pupil.care.diagnosis",
        "pupil.care.measures",
        "pupil.care.notes",
    }


def test_every_pupil_has_a_distinct_test_range_education_number(demo):
    numbers = [p.education_number for p in Pupil.objects.filter(board=demo)]
    assert all(n.startswith("9999") and is_bsn(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_a_second_demo_run_adds_no_records(demo):
    before = Record.objects.count()
    run_demo()
    assert Record.objects.count() == before
