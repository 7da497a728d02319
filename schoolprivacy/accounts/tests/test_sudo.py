"""Step-up authentication: staff confirm password and code, parents sign in by a fresh link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.tests.conftest import (
    PASSWORD,
    code_for,
    events,
    signed_in_with_password,
)
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("schoolprivacy.accounts.tests.sudo_urls")]

SUDO_URL = "/inloggen/bevestigen/?next=%2Ftest-sudo%2F"


def _confirm(client: Client, user, *, password: str = PASSWORD, code: str | None = None):
    code = code or code_for(totp_device_for(user))
    return client.post(
        "/inloggen/bevestigen/", {"password": password, "code": code, "next": "/test-sudo/"}
    )


def test_it_sends_staff_without_recent_sudo_to_confirm(world, staff_client):
    response = staff_client(world.teacher).get("/test-sudo/")
    assert response.status_code == 302
    assert response["Location"] == SUDO_URL


def test_password_and_code_open_the_page(world, staff_client):
    client = staff_client(world.teacher)
    page = client.get(SUDO_URL)
    assert 'name="password"' in page.text
    assert 'name="code"' in page.text

    response = _confirm(client, world.teacher)
    assert response["Location"] == "/test-sudo/"
    assert client.get("/test-sudo/").text == "the protected page"
    (event,) = events("accounts.sudo.granted")
    assert event.actor_id == world.teacher.id


def test_a_wrong_password_grants_nothing(world, staff_client):
    client = staff_client(world.teacher)
    response = _confirm(client, world.teacher, password="wrong")
    assert response.status_code == 200
    assert "The password or the code is not correct" in response.text
    assert client.get("/test-sudo/").status_code == 302
    assert events("accounts.signin.failed")[0].context == {"step": "sudo", "reason": "bad_password"}


def test_a_wrong_code_grants_nothing(world, staff_client):
    client = staff_client(world.teacher)
    assert _confirm(client, world.teacher, code="000000").status_code == 200
    assert client.get("/test-sudo/").status_code == 302


def test_sudo_lasts_ten_minutes(world, staff_client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = staff_client(world.teacher)
        _confirm(client, world.teacher)
        clock.shift(timedelta(minutes=9, seconds=59))
        assert client.get("/test-sudo/").status_code == 200
        clock.shift(timedelta(seconds=2))
        assert client.get("/test-sudo/")["Location"] == SUDO_URL


def test_a_half_signed_in_staff_member_cannot_get_sudo(world):
    client = signed_in_with_password(world.teacher)
    assert client.get(SUDO_URL)["Location"] == "/inloggen/tweede-stap/"
    assert client.get("/test-sudo/")["Location"] == "/inloggen/tweede-stap/"


def test_an_anonymous_visitor_is_sent_to_sign_in(world):
    assert Client().get("/test-sudo/")["Location"] == "/inloggen/?next=%2Ftest-sudo%2F"


def test_a_parent_is_sent_to_request_a_fresh_link(world, parent_client):
    response = parent_client(world.parent).get("/test-sudo/")
    assert response["Location"] == "/ouders/inloggen/?next=%2Ftest-sudo%2F"


def test_a_fresh_link_sign_in_counts_as_sudo_for_parents(world, parent_client, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = parent_client(world.parent)
        client.post("/ouders/inloggen/", {"email": "ouder@example.nl", "next": "/test-sudo/"})
        path = re.search(r"https?://[^/\s]+(/ouders/inloggen/\S+/)", mailoutbox[0].body)
        assert path is not None
        response = client.post(path.group(1))
        assert response["Location"] == "/test-sudo/"
        assert client.get("/test-sudo/").status_code == 200

        clock.shift(timedelta(minutes=11))
        assert client.get("/test-sudo/")["Location"].startswith("/ouders/inloggen/")
