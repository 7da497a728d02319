"""Reading records: each persona sees exactly the categories the policy allows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.selectors import dossier_for
from schoolprivacy.dossier.services import record_create
from schoolprivacy.dossier.tests.helpers import diagnosis_and_measure
from schoolprivacy.lib.request_memo import request_memo

pytestmark = pytest.mark.django_db


def records_for(user, pupil):
    """The records `user` is shown of `pupil`; none when the pupil is not theirs to see."""
    try:
        return dossier_for(user, pupil).records
    except DossierNotFound:
        return []


@pytest.fixture
def dossier(world):
    diagnosis, measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    observation = record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Werkhouding",
    )
    return diagnosis, measure, observation


def test_the_teacher_reads_the_measure_but_not_the_diagnosis(world, dossier):
    diagnosis, measure, observation = dossier
    records = records_for(world.teacher, world.pupil_a)
    assert {r.pk for r in records} == {measure.pk, observation.pk}
    shown = next(r for r in records if r.pk == measure.pk)
    assert shown.body.startswith("Extra tijd")
    # Not even the link may betray that a diagnosis exists.
    assert shown.based_on_id is None
    assert diagnosis.pk not in {r.pk for r in records}


def test_the_care_coordinator_reads_the_diagnosis_and_the_link(world, dossier):
    diagnosis, measure, _ = dossier
    records = records_for(world.care_coordinator, world.pupil_a)
    assert len(records) == 3
    assert next(r for r in records if r.pk == measure.pk).based_on_id == diagnosis.pk


def test_the_director_sees_no_special_data_without_a_grant(world, dossier):
    _, measure, observation = dossier
    assert {r.pk for r in records_for(world.director, world.pupil_a)} == {
        measure.pk,
        observation.pk,
    }


@pytest.mark.parametrize(
    "persona", ["teacher_b", "other_board_staff", "privacy_officer", "parent", "administration"]
)
def test_others_read_no_care_records(world, dossier, persona):
    user = getattr(world, persona)
    assert records_for(user, world.pupil_a) == []


def test_a_teacher_of_another_group_reads_nothing(world, dossier):
    assert records_for(world.teacher, world.pupil_a2) == []
    with pytest.raises(DossierNotFound):
        dossier_for(world.teacher_b, world.pupil_a)


def test_a_record_is_only_found_under_its_own_pupil(world, dossier):
    others = {r.pk for r in records_for(world.care_coordinator, world.pupil_a2)}
    assert others.isdisjoint(r.pk for r in dossier)
    assert dossier[0].pk in {r.pk for r in records_for(world.care_coordinator, world.pupil_a)}


def test_records_take_one_query_however_many_there_are(world, dossier):
    for n in range(20):
        record_create(
            actor=world.teacher,
            pupil=world.pupil_a,
            category_key="pupil.results.tests",
            title=f"Toets {n}",
        )
    # Each read in a request's memo, as a page makes it: the access facts are read once there
    # (outside a request they are read afresh at every question, decision 0052).
    with request_memo(), CaptureQueriesContext(connection) as few:
        records_for(world.teacher, world.pupil_a)
    selects = [q for q in few.captured_queries if "dossier_record" in q["sql"]]
    assert len(selects) == 1
    with request_memo(), CaptureQueriesContext(connection) as reading:
        records = records_for(world.teacher, world.pupil_a)
        names = [r.recorded_by.staff.name for r in records if r.recorded_by]
    assert len(names) == 22
    assert len(reading.captured_queries) == len(few.captured_queries)
