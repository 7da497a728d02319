"""`api_auth` on a writing endpoint: tokens need no CSRF token, sessions do."""

import pytest
from django.test import Client

from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = [pytest.mark.django_db, pytest.mark.urls("schoolprivacy.accounts.tests.api_urls")]


def test_a_bearer_token_may_post_without_a_csrf_token(world):
    _row, token = api_token_create(user=world.teacher, actor_id=None, channel="command")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/test-api/echo", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {"username": "leerkracht"}


def test_a_session_post_without_a_csrf_token_is_refused(world):
    client = sign_in_staff(Client(enforce_csrf_checks=True), world.teacher)
    assert client.post("/test-api/echo").status_code == 403


def test_a_session_post_with_a_csrf_token_is_accepted(world):
    client = sign_in_staff(Client(enforce_csrf_checks=True), world.teacher)
    client.get("/inloggen/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/test-api/echo", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_a_wrong_token_without_a_session_is_a_401_not_a_csrf_error(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/test-api/echo", HTTP_AUTHORIZATION="Bearer sp_wrong")
    assert response.status_code == 401
