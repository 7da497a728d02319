"""GET /api/v1/register/activities: the register of the caller's board."""

import pytest

from schoolprivacy import taxonomy
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.register.services import activity_deactivate, register_install_defaults
from schoolprivacy.schools.models import Board

pytestmark = pytest.mark.django_db

URL = "/api/v1/register/activities"


def test_anonymous_callers_get_401(client, world, register):
    assert client.get(URL).status_code == 401


def test_parents_get_401(parent_client, world, register):
    assert parent_client(world.parent).get(URL).status_code == 401


def test_the_privacy_officer_gets_every_activity_with_every_field(client, world, register):
    activity_deactivate(activity=register[0], actor_id=None)
    response = client.get(URL, headers=bearer(world.privacy_officer))

    assert response.status_code == 200
    body = response.json()
    assert {a["id"] for a in body} == {a.pk for a in register}
    inactive = next(a for a in body if a["id"] == register[0].pk)
    assert inactive["is_active"] is False and inactive["version"] == 2
    care = next(a for a in body if a["key"] == "care_guidance")
    assert care["security_measures"] and care["dpia_reference"]
    diagnosis = next(c for c in care["categories"] if c["key"] == "pupil.care.diagnosis")
    assert diagnosis["special"] is True and diagnosis["classification"] == "special"
    assert care["retention"]["code"] == "pupil_file"
    assert {c["key"] for a in body for c in a["categories"]} == set(taxonomy.BY_KEY)


def test_other_staff_get_the_active_register_without_internal_fields(client, world, register):
    activity_deactivate(activity=register[0], actor_id=None)
    response = client.get(URL, headers=bearer(world.teacher))

    assert response.status_code == 200
    body = response.json()
    assert {a["id"] for a in body} == {a.pk for a in register[1:]}
    assert all(a["security_measures"] is None and a["version"] is None for a in body)
    assert all(a["purpose"] and a["retention"]["description"] for a in body)


def test_staff_of_another_board_see_only_their_own_register(client, world, register):
    body = client.get(URL, headers=bearer(world.other_board_staff)).json()
    assert body == []
    other_board = Board.objects.get(pk=world.other_board_staff.staff.board_id)
    other = register_install_defaults(board=other_board, actor_id=None)
    body = client.get(URL, headers=bearer(world.other_board_staff)).json()
    assert {a["id"] for a in body} == {a.pk for a in other}


def test_a_verified_browser_session_works_too(staff_client, world, register):
    response = staff_client(world.privacy_officer).get(URL)
    assert response.status_code == 200
    assert len(response.json()) == len(register)
