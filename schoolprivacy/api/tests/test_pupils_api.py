"""GET /api/v1/pupils and /api/v1/pupils/{id}: the same policy as the staff pages."""

import pytest

from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import EDUCATION_NUMBER

pytestmark = pytest.mark.django_db


def _names(client, user, **params) -> list[str]:
    response = client.get("/api/v1/pupils", params, headers=bearer(user))
    assert response.status_code == 200
    return [p["name"] for p in response.json()["items"]]


def test_it_lists_a_teachers_pupils_with_school_and_group(client, world):
    response = client.get("/api/v1/pupils", headers=bearer(world.teacher))

    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": world.pupil_a.id,
                "name": "Sanne Jansen",
                "school_id": world.school_a.id,
                "school": "De Regenboog",
                "group_id": world.group_a.id,
                "group": "Groep 5a",
            }
        ],
    }


def test_the_care_coordinator_gets_the_whole_school(client, world):
    assert _names(client, world.care_coordinator) == ["Daan Bakker", "Sanne Jansen"]


@pytest.mark.parametrize("persona", ["privacy_officer", "other_board_staff"])
def test_staff_without_routine_access_get_an_empty_list(client, world, persona):
    assert _names(client, getattr(world, persona)) == []


def test_it_searches_and_filters_within_the_visible_pupils(client, world):
    assert _names(client, world.care_coordinator, q="daan") == ["Daan Bakker"]
    assert _names(client, world.care_coordinator, group=world.group_a.id) == ["Sanne Jansen"]
    assert _names(client, world.teacher, q="daan") == []
    assert _names(client, world.teacher, group=world.group_b.id) == []


def test_it_pages_with_limit_and_offset(client, world):
    first = client.get("/api/v1/pupils?limit=1", headers=bearer(world.care_coordinator)).json()
    second = client.get(
        "/api/v1/pupils?limit=1&offset=1", headers=bearer(world.care_coordinator)
    ).json()

    assert first["count"] == second["count"] == 2
    assert [first["items"][0]["name"], second["items"][0]["name"]] == [
        "Daan Bakker",
        "Sanne Jansen",
    ]


def test_it_refuses_a_limit_beyond_the_maximum(client, world):
    response = client.get("/api/v1/pupils?limit=10000", headers=bearer(world.care_coordinator))

    assert response.status_code == 422


def test_one_pupil_comes_with_the_categories_the_caller_may_read_and_why(client, world):
    response = client.get(f"/api/v1/pupils/{world.pupil_a.id}", headers=bearer(world.teacher))

    body = response.json()
    assert response.status_code == 200
    assert body["date_of_birth"] == "2017-03-14"
    keys = {c["key"] for c in body["categories"]}
    assert {"pupil.identity", "pupil.care.measures"} <= keys
    assert "pupil.care.diagnosis" not in keys
    assert {c["rule"] for c in body["categories"]} == {"teacher.own_group"}
    assert body["education_number"] is None


def test_opening_one_pupil_is_logged(client, world):
    client.get(f"/api/v1/pupils/{world.pupil_a.id}", headers=bearer(world.teacher))

    event = AuditEvent.objects.get(action="dossier.dossier.opened")
    assert (event.actor_id, event.channel) == (world.teacher.id, "api")


def test_the_education_number_only_for_the_administration_and_only_on_request(client, world):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    url = f"/api/v1/pupils/{world.pupil_a.id}"

    plain = client.get(url, headers=bearer(world.administration)).json()
    asked = client.get(f"{url}?education_number=true", headers=bearer(world.administration))
    teacher = client.get(f"{url}?education_number=true", headers=bearer(world.teacher))

    assert plain["education_number"] is None
    assert asked.json()["education_number"] == EDUCATION_NUMBER
    assert EDUCATION_NUMBER not in teacher.content.decode()
    read = AuditEvent.objects.get(action="dossier.special.read")
    assert read.context["categories"] == ["pupil.education_number"]


@pytest.mark.parametrize(
    ("persona", "pupil"),
    [
        ("teacher", "pupil_a2"),
        ("teacher_b", "pupil_a"),
        ("care_coordinator", "pupil_b"),
        ("privacy_officer", "pupil_a"),
        ("other_board_staff", "pupil_a"),
    ],
)
def test_a_pupil_the_caller_may_not_see_is_a_404(client, world, persona, pupil):
    response = client.get(
        f"/api/v1/pupils/{getattr(world, pupil).id}", headers=bearer(getattr(world, persona))
    )

    assert response.status_code == 404


def test_parents_and_anonymous_callers_are_not_let_in(client, world, parent_client):
    assert client.get("/api/v1/pupils").status_code == 401
    assert parent_client(world.parent).get("/api/v1/pupils").status_code == 401
    url = f"/api/v1/pupils/{world.pupil_a.id}"
    assert parent_client(world.parent).get(url).status_code == 401


def test_the_openapi_document_describes_the_pupil_endpoints(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/pupils",
        "/api/v1/pupils/{pupil_id}",
        "/api/v1/pupils/{pupil_id}/records",
    } <= set(paths)
    assert "403" in paths["/api/v1/pupils/{pupil_id}/records"]["post"]["responses"]
