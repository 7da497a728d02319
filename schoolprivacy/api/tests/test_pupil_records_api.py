"""GET and POST /api/v1/pupils/{id}/records.

POST answers 201 when the caller may write the category, 403 when they may see the pupil but not
write that category, 422 for something that is no record category or a missing title, and 404
when the pupil (or the record it is based on) is not visible to them. Never a 200.
"""

import pytest

from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.tests.helpers import (
    DIAGNOSIS_TEXT,
    MEASURE_TEXT,
    diagnosis_and_measure,
)

pytestmark = pytest.mark.django_db


def _url(pupil) -> str:
    return f"/api/v1/pupils/{pupil.id}/records"


def _post(client, user, pupil, **data):
    return client.post(_url(pupil), data, content_type="application/json", headers=bearer(user))


def test_the_care_coordinator_reads_diagnosis_and_measure(client, world):
    diagnosis, measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    records = client.get(_url(world.pupil_a), headers=bearer(world.care_coordinator)).json()

    by_id = {r["id"]: r for r in records}
    assert by_id[diagnosis.id]["category"] == "pupil.care.diagnosis"
    assert by_id[diagnosis.id]["special"] is True
    assert by_id[diagnosis.id]["body"] == DIAGNOSIS_TEXT
    assert by_id[measure.id]["special"] is False
    assert by_id[measure.id]["based_on"] == diagnosis.id
    assert set(by_id[measure.id]) == {
        "id", "category", "special", "recorded_at", "title", "body", "based_on"
    }  # fmt: skip


def test_the_teacher_gets_the_measure_without_the_diagnosis_or_the_link(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    response = client.get(_url(world.pupil_a), headers=bearer(world.teacher))

    assert [r["category"] for r in response.json()] == ["pupil.care.measures"]
    assert response.json()[0]["body"] == MEASURE_TEXT
    assert response.json()[0]["based_on"] is None
    assert DIAGNOSIS_TEXT not in response.content.decode()


def test_reading_special_records_over_the_api_is_logged(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    client.get(_url(world.pupil_a), headers=bearer(world.care_coordinator))

    read = AuditEvent.objects.get(action="dossier.special.read")
    assert (read.actor_id, read.channel) == (world.care_coordinator.id, "api")
    assert read.context["categories"] == ["pupil.care.diagnosis"]


@pytest.mark.parametrize("persona", ["teacher_b", "privacy_officer", "other_board_staff"])
def test_records_of_a_pupil_the_caller_may_not_see_are_a_404(client, world, persona):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    response = client.get(_url(world.pupil_a), headers=bearer(getattr(world, persona)))

    assert response.status_code == 404
    assert "Dyslexie" not in response.content.decode()


def test_a_teacher_writes_an_observation(client, world):
    response = _post(
        client, world.teacher, world.pupil_a, category="pupil.observations", title="Lezen"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["category"], body["special"], body["title"]) == (
        "pupil.observations",
        False,
        "Lezen",
    )
    record = Record.objects.get(pk=body["id"])
    assert record.recorded_by == world.teacher
    assert AuditEvent.objects.get(action="dossier.record.created").channel == "api"


def test_a_teacher_may_not_write_a_diagnosis_403(client, world):
    response = _post(
        client, world.teacher, world.pupil_a, category="pupil.care.diagnosis", title="ADHD"
    )

    assert response.status_code == 403
    assert not Record.objects.exists()


@pytest.mark.parametrize("category", ["pupil.identity", "pupil.nonsense", ""])
def test_something_that_is_no_record_category_is_a_422(client, world, category):
    response = _post(client, world.care_coordinator, world.pupil_a, category=category, title="x")

    assert response.status_code == 422
    assert not Record.objects.exists()


def test_a_missing_title_is_a_422(client, world):
    response = _post(
        client, world.teacher, world.pupil_a, category="pupil.observations", title="  "
    )

    assert response.status_code == 422
    assert "title" in response.json()["detail"]


def test_a_measure_can_be_based_on_a_diagnosis_the_writer_may_read(client, world):
    diagnosis, _measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    response = _post(
        client,
        world.care_coordinator,
        world.pupil_a,
        category="pupil.care.measures",
        title="Voorleessoftware",
        based_on=diagnosis.id,
    )

    assert response.status_code == 201
    assert response.json()["based_on"] == diagnosis.id


def test_a_teacher_cannot_base_a_measure_on_a_diagnosis_they_may_not_read(client, world):
    diagnosis, _measure = diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    response = _post(
        client,
        world.teacher,
        world.pupil_a,
        category="pupil.care.measures",
        title="Extra tijd",
        based_on=diagnosis.id,
    )

    assert response.status_code == 404
    assert Record.objects.count() == 2


@pytest.mark.parametrize(
    ("persona", "pupil"),
    [("teacher", "pupil_b"), ("care_coordinator", "pupil_b"), ("other_board_staff", "pupil_a")],
)
def test_writing_about_a_pupil_the_caller_may_not_see_is_a_404(client, world, persona, pupil):
    response = _post(
        client,
        getattr(world, persona),
        getattr(world, pupil),
        category="pupil.observations",
        title="x",
    )

    assert response.status_code == 404
    assert not Record.objects.exists()


def test_a_parent_session_cannot_write(world, parent_client):
    response = parent_client(world.parent).post(
        _url(world.pupil_a),
        {"category": "pupil.observations", "title": "x"},
        content_type="application/json",
    )

    assert response.status_code == 401
