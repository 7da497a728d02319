import pytest

from schoolprivacy.accounts.tokens import api_token_create

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return {"Authorization": f"Bearer {token}"}


def test_me_tells_a_token_holder_who_they_are(client, world):
    response = client.get("/api/v1/me", headers=bearer(world.teacher))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "leerkracht"
    assert body["roles"] == ["teacher"]
    assert body["board_id"] == world.board.id
    [assignment] = body["assignments"]
    assert assignment["group_id"] == world.group_a.id
    assert assignment["school_id"] == world.school_a.id


def test_me_works_for_a_verified_browser_session(staff_client, world):
    response = staff_client(world.care_coordinator).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["roles"] == ["care_coordinator"]


def test_me_refuses_anonymous_callers(client, world):
    assert client.get("/api/v1/me").status_code == 401


def test_me_refuses_a_bogus_token(client, world):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer sp_not-a-real-token"})
    assert response.status_code == 401


def test_me_refuses_a_parent_session(parent_client, world):
    assert parent_client(world.parent).get("/api/v1/me").status_code == 401


def test_the_openapi_document_describes_me(client, world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me" in response.json()["paths"]
