import pytest
from django.test import Client

from schoolprivacy.accounts.tests.conftest import code_for, events, password_step
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_password_and_a_totp_code(world):
    device = totp_device_for(world.teacher)
    client = Client()

    page = client.get("/inloggen/")
    assert 'name="username"' in page.text
    assert 'name="password"' in page.text
    assert "Sign in</button>" in page.text

    response = password_step(client, "leerkracht")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/tweede-stap/"

    response = client.post("/inloggen/tweede-stap/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.wsgi_request.user.is_verified()
    assert client.get("/").status_code == 200

    (event,) = events("accounts.signin.succeeded")
    assert event.actor_id == world.teacher.id
    assert event.chain == world.board.id
    assert event.context == {"method": "totp"}


def test_it_refuses_a_wrong_password_with_a_generic_error(world):
    totp_device_for(world.teacher)
    response = password_step(Client(), "leerkracht", "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert not response.wsgi_request.user.is_authenticated
    (event,) = events("accounts.signin.failed")
    assert event.context == {"step": "password", "reason": "bad_password"}
    assert event.actor_id is None
    assert event.subjects == [{"type": "accounts.user", "id": world.teacher.id}]


def test_an_unknown_account_gets_the_same_answer_as_a_wrong_password(world):
    wrong = password_step(Client(), "leerkracht", "wrong password")
    unknown = password_step(Client(), "nobody-by-this-name", "wrong password")
    assert unknown.status_code == wrong.status_code
    assert _error(unknown.text) == _error(wrong.text)
    assert events("accounts.signin.failed")[-1].context["reason"] == "unknown_account"
    assert events("accounts.signin.failed")[-1].chain == 0


def test_it_refuses_a_wrong_code(world):
    totp_device_for(world.teacher)
    client = Client()
    password_step(client, "leerkracht")
    response = client.post("/inloggen/tweede-stap/", {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not valid" in response.text
    assert not response.wsgi_request.user.is_verified()
    assert events("accounts.signin.failed")[-1].context == {
        "step": "second_factor",
        "reason": "bad_code",
    }


def test_it_returns_to_the_page_that_was_asked_for(world):
    device = totp_device_for(world.teacher)
    client = Client()
    assert 'name="next" value="/beheer/"' in client.get("/inloggen/?next=/beheer/").text
    client.post(
        "/inloggen/",
        {"username": "leerkracht", "password": "correct horse battery", "next": "/beheer/"},
    )
    response = client.post("/inloggen/tweede-stap/", {"code": code_for(device)})
    assert response["Location"] == "/beheer/"


def test_it_does_not_redirect_to_another_site(world):
    device = totp_device_for(world.teacher)
    client = Client()
    client.post(
        "/inloggen/",
        {
            "username": "leerkracht",
            "password": "correct horse battery",
            "next": "https://evil.example/steal",
        },
    )
    response = client.post("/inloggen/tweede-stap/", {"code": code_for(device)})
    assert response["Location"] == "/"


def test_sign_out_needs_a_post_and_ends_the_session(world, staff_client):
    client = staff_client(world.teacher)
    assert client.get("/uitloggen/").status_code == 405
    response = client.post("/uitloggen/")
    assert response["Location"] == "/inloggen/"
    assert client.get("/")["Location"].startswith("/inloggen/")


def _error(html: str) -> str:
    start = html.index('class="errorlist')
    return html[start : html.index("</ul>", start)]
