"""Every read of special data (or the education number) leaves an audit event, in the same
transaction; ordinary reads by a teacher do not claim special data was read.

These tests read the way production does, through the staff pupil page and the API (both call
`dossier.selectors.dossier_for`, the one dossier read), not through the selector alone: a page
that showed special data without logging it would fail here.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from schoolprivacy.access.reads import DOSSIER_OPENED, SPECIAL_READ
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import (
    DIAGNOSIS_TEXT,
    EDUCATION_NUMBER,
    MEASURE_TEXT,
    diagnosis_and_measure,
)

pytestmark = pytest.mark.django_db

PERSONAS = ("care_coordinator", "teacher", "director", "administration", "privacy_officer")


@dataclass(frozen=True)
class Reader:
    """One production read path: the staff page ("web") or the API ("api")."""

    channel: str
    staff_client: Any
    api_client: Any

    def records(self, user, pupil) -> tuple[int, str]:
        """Open the pupil's records; the status code and what came back."""
        if self.channel == "web":
            response = self.staff_client(user).get(reverse("web:pupil", args=[pupil.pk]))
        else:
            response = self.api_client.get(
                f"/api/v1/pupils/{pupil.pk}/records", headers=bearer(user)
            )
        return response.status_code, response.content.decode()

    def education_number(self, user, pupil) -> str:
        if self.channel == "web":
            url = reverse("web:pupil", args=[pupil.pk])
            response = self.staff_client(user).get(url, {"onderwijsnummer": "tonen"})
        else:
            url = f"/api/v1/pupils/{pupil.pk}?education_number=true"
            response = self.api_client.get(url, headers=bearer(user))
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture(params=["web", "api"])
def reader(request, staff_client, client) -> Reader:
    return Reader(request.param, staff_client, client)


def reads(action=SPECIAL_READ, actor=None):
    events = AuditEvent.objects.filter(action=action).order_by("seq")
    return list(events if actor is None else events.filter(actor_id=actor.pk))


def test_reading_a_diagnosis_is_logged_with_rule_and_categories(world, reader):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    status, shown = reader.records(world.care_coordinator, world.pupil_a)
    assert (status, DIAGNOSIS_TEXT in shown) == (200, True)
    [event] = reads()
    assert event.actor_id == world.care_coordinator.pk
    assert {"type": "people.pupil", "id": world.pupil_a.pk} in event.subjects
    assert event.context["categories"] == ["pupil.care.diagnosis"]
    assert event.context["rules"] == ["care.school"]
    assert event.channel == reader.channel
    assert "Dyslexie" not in str(event.context)


@pytest.mark.parametrize("persona", PERSONAS)
def test_whoever_is_shown_special_data_leaves_a_special_read(world, reader, persona):
    """The rule itself, per persona: special data on the page or in the answer means a log row."""
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    user = getattr(world, persona)
    status, shown = reader.records(user, world.pupil_a)
    logged = reads(actor=user)
    if DIAGNOSIS_TEXT in shown:
        assert [e.context["categories"] for e in logged] == [["pupil.care.diagnosis"]]
    else:
        assert logged == [], "a special read was logged though nothing special was shown"
    # Only the care coordinator of the pupil's school is shown the diagnosis (the policy).
    assert (DIAGNOSIS_TEXT in shown) is (persona == "care_coordinator")
    assert status in {200, 404}


def test_the_teacher_reading_the_measure_is_no_special_read(world, reader):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    _, shown = reader.records(world.teacher, world.pupil_a)
    assert MEASURE_TEXT in shown
    assert DIAGNOSIS_TEXT not in shown
    assert reads() == []


def test_an_empty_care_file_is_not_reported_as_special_data_read(world, reader):
    reader.records(world.care_coordinator, world.pupil_a)
    assert reads() == []
    [opened] = reads(DOSSIER_OPENED)
    assert "pupil.care.diagnosis" not in opened.context["categories"]
    assert opened.channel == reader.channel


def test_opening_the_dossier_logs_once_for_everything_shown(world, reader):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    _, shown = reader.records(world.care_coordinator, world.pupil_a)
    assert DIAGNOSIS_TEXT in shown
    assert MEASURE_TEXT in shown
    assert len(reads(DOSSIER_OPENED)) == 1
    [special] = reads()
    assert special.context["categories"] == ["pupil.care.diagnosis"]


def test_showing_the_education_number_is_logged(world, reader):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    assert EDUCATION_NUMBER in reader.education_number(world.administration, world.pupil_a)
    [event] = reads()
    assert event.context["categories"] == ["pupil.education_number"]
    assert event.channel == reader.channel
    assert EDUCATION_NUMBER not in str(event.context) + str(event.subjects)


def test_the_education_number_is_shown_only_to_the_administration(world, reader):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    _, plain = reader.records(world.administration, world.pupil_a)
    assert EDUCATION_NUMBER not in plain  # not asked for, not shown, no read
    for persona in ("teacher", "care_coordinator", "director"):
        shown = reader.education_number(getattr(world, persona), world.pupil_a)
        assert EDUCATION_NUMBER not in shown
    assert reads() == []
