"""The parents' sign-in page gives one answer for every address (issue 13.2)."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from schoolprivacy.conftest import World


def _answer(email: str) -> str:
    response = Client().post(reverse("accounts:parent_login"), {"email": email})
    assert response.status_code == 200
    # The CSRF token of the language switch differs per request, and says nothing.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_known_and_unknown_addresses_get_the_same_page(world: World) -> None:
    known = _answer(world.parent.email)
    unknown = _answer("nobody-known@example.org")
    assert known.replace(world.parent.email, "") == unknown.replace("nobody-known@example.org", "")
    assert [m.to for m in mail.outbox] == [[world.parent.email]]


def test_the_page_tells_how_to_reach_the_school_when_nothing_arrives(world: World) -> None:
    body = _answer("nobody-known@example.org")
    assert "administratie" in body or "administration" in body
    assert "Check your email" not in body and "Controleer je mailbox" not in body
