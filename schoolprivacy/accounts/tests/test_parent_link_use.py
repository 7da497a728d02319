"""Using a sign-in link: GET only asks to confirm, POST signs in once, links expire."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import ParentSignInLink
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.accounts.tests.conftest import events

pytestmark = pytest.mark.django_db


def _link_path(mailoutbox) -> str:
    match = re.search(r"https?://[^/\s]+(/ouders/inloggen/[A-Za-z0-9_-]+/)", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


def _send_link(mailoutbox, email: str = "ouder@example.nl") -> str:
    Client().post("/ouders/inloggen/", {"email": email})
    return _link_path(mailoutbox)


def test_a_get_shows_a_button_and_does_not_use_the_link(world, mailoutbox):
    path = _send_link(mailoutbox)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert '<form method="post"' in page.text
    assert not page.wsgi_request.user.is_authenticated
    client.get(path)
    assert ParentSignInLink.objects.get().used_at is None


def test_a_post_signs_the_parent_in(world, mailoutbox):
    path = _send_link(mailoutbox)
    client = Client()
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/ouders/"
    assert response.wsgi_request.user == world.parent
    assert SUDO_SESSION_KEY in client.session
    (event,) = events("accounts.parent_link.used")
    assert event.actor_id == world.parent.id
    assert event.chain == world.board.id


def test_a_link_works_once(world, mailoutbox):
    path = _send_link(mailoutbox)
    Client().post(path)
    again = Client()
    response = again.post(path)
    assert response.status_code == 410
    assert "already been used" in response.text
    assert 'href="/ouders/inloggen/"' in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert again.get(path).status_code == 410


def test_a_link_expires_after_fifteen_minutes(world, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        path = _send_link(mailoutbox)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert Client().get(path).status_code == 200
        clock.shift(timedelta(seconds=2))
        response = Client().post(path)
    assert response.status_code == 410
    assert "has expired" in response.text
    assert 'href="/ouders/inloggen/"' in response.text


def test_signing_in_ends_other_open_links(world, mailoutbox):
    first = _send_link(mailoutbox)
    second = _send_link(mailoutbox)
    Client().post(second)
    assert Client().post(first).status_code == 410


def test_a_made_up_token_is_refused(world):
    response = Client().post("/ouders/inloggen/made-up-token/")
    assert response.status_code == 410
    assert "not valid" in response.text
