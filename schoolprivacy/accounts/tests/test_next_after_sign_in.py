"""Where sign-in returns to: only a path on this site, otherwise the start page (issue 12.5).

`next=foo` (no leading slash) used to crash after the second factor (a 500, the sign-in never
completed), because Django's redirect() read it as the name of a URL pattern.
"""

import pytest
from django.test import Client, RequestFactory

from schoolprivacy.accounts.signin import safe_next
from schoolprivacy.accounts.tests.conftest import PASSWORD, code_for
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = pytest.mark.django_db

REFUSED = [
    "foo",
    "foo/bar",
    "//evil.com",
    "//evil.com/path",
    "/\\evil.com",
    "https://evil.com",
    "http://testserver/",
    "javascript:alert(1)",
    " /ok",
]


def _sign_in(user, next_url: str):
    device = totp_device_for(user)
    client = Client(raise_request_exception=False)
    answer = client.post(
        "/inloggen/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert answer.status_code == 302
    response = client.post("/inloggen/tweede-stap/", {"code": code_for(device)})
    return client, response


@pytest.mark.parametrize("next_url", REFUSED)
def test_a_next_that_is_not_a_local_path_goes_to_the_start_page(world, next_url):
    client, response = _sign_in(world.teacher, next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"
    # The sign-in completed: the start page opens.
    assert client.get("/").status_code == 200


def test_a_local_path_is_kept(world):
    client, response = _sign_in(world.teacher, "/ok")
    assert response.status_code == 302
    assert response["Location"] == "/ok"
    assert client.get("/").status_code == 200


def test_a_local_path_with_a_query_is_kept(world):
    _client, response = _sign_in(world.teacher, "/leerlingen/?q=jan")
    assert response["Location"] == "/leerlingen/?q=jan"


@pytest.mark.parametrize("next_url", REFUSED)
def test_safe_next_refuses_everything_but_a_local_path(next_url):
    assert safe_next(RequestFactory().get("/"), next_url) is None


def test_safe_next_keeps_a_local_path():
    assert safe_next(RequestFactory().get("/"), "/ok") == "/ok"
