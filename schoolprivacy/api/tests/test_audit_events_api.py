"""GET /api/v1/audit/events: the privacy officer's view of the board's log; a 404 for others."""

import pytest

from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.dossier.tests.helpers import diagnosis_and_measure
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db
URL = "/api/v1/audit/events"


def _events(client, world, **params) -> dict:
    response = client.get(URL, params, headers=bearer(world.privacy_officer))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    "persona",
    ["director", "teacher", "care_coordinator", "administration", "teacher_b", "other_board_staff"],
)
def test_it_is_a_404_for_everyone_but_the_privacy_officer(client, world, persona):
    assert client.get(URL, headers=bearer(getattr(world, persona))).status_code == 404


def test_parents_and_anonymous_callers_are_not_let_in(client, world, parent_client):
    assert client.get(URL).status_code == 401
    assert parent_client(world.parent).get(URL).status_code == 401


def test_it_finds_who_read_special_data_about_a_pupil(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    sign_in_staff(client, world.care_coordinator)
    client.get(f"/leerlingen/{world.pupil_a.id}/")
    client.logout()

    page = _events(client, world, action="dossier.special.read", pupil=world.pupil_a.id)

    [event] = page["items"]
    assert page["count"] == 1
    assert event["actor_id"] == world.care_coordinator.id
    assert event["actor"] == "ib"
    assert event["subjects"] == [{"type": "people.pupil", "id": world.pupil_a.id}]
    assert event["context"]["categories"] == ["pupil.care.diagnosis"]


def test_it_filters_on_the_actor(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    mine = _events(client, world, actor=world.care_coordinator.id)["items"]
    nobodys = _events(client, world, actor=world.teacher.id)["items"]

    assert {e["action"] for e in mine} == {"dossier.record.created"}
    assert nobodys == []


def test_the_log_of_another_board_is_not_mixed_in(client, world):
    events = _events(client, world)["items"]

    assert events  # the world's tokens and sign-ins are on the log
    other = world.other_board_staff.id
    assert all(e["actor_id"] != other for e in events)


def test_it_never_returns_record_text(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    response = client.get(URL, headers=bearer(world.privacy_officer))

    assert "Dyslexie" not in response.content.decode()


def test_it_pages_newest_first(client, world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    headers = bearer(world.privacy_officer)  # one token: creating one is itself an event
    first = client.get(URL, {"limit": 1}, headers=headers).json()
    second = client.get(URL, {"limit": 1, "offset": 1}, headers=headers).json()

    assert first["count"] == second["count"] >= 2
    assert first["items"][0]["seq"] > second["items"][0]["seq"]
