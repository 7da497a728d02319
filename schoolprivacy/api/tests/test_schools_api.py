import pytest

from schoolprivacy.api.tests.test_me import bearer

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_callers_schools(client, world):
    response = client.get("/api/v1/schools", headers=bearer(world.teacher))
    assert [s["id"] for s in response.json()] == [world.school_a.id]


def test_the_privacy_officer_sees_every_school_of_the_board(client, world):
    response = client.get("/api/v1/schools", headers=bearer(world.privacy_officer))
    assert {s["id"] for s in response.json()} == {world.school_a.id, world.school_b.id}


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff"])
def test_an_outsider_gets_404_for_school_a(client, world, persona):
    response = client.get(
        f"/api/v1/schools/{world.school_a.id}", headers=bearer(getattr(world, persona))
    )
    assert response.status_code == 404


def test_a_colleague_gets_school_a(client, world):
    response = client.get(f"/api/v1/schools/{world.school_a.id}", headers=bearer(world.director))
    assert response.status_code == 200
    assert response.json()["brin"] == world.school_a.brin
