"""Asking for a sign-in link answers the same whether or not the address is known."""

import hashlib
import re

import pytest
from django.test import Client

from schoolprivacy.accounts.models import ParentSignInLink
from schoolprivacy.accounts.tests.conftest import events

pytestmark = pytest.mark.django_db


def _request(email: str, client: Client | None = None):
    return (client or Client()).post("/ouders/inloggen/", {"email": email})


def test_known_and_unknown_addresses_get_the_same_answer(world, mailoutbox):
    known = _request("ouder@example.nl")
    unknown = _request("nobody@example.nl")

    assert known.status_code == unknown.status_code == 200
    assert _without_csrf_token(known.text) == _without_csrf_token(unknown.text)
    assert "we have sent a link" in known.text
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ouder@example.nl"]


def _without_csrf_token(html: str) -> str:
    # The only part of a page that differs per visitor, known address or not.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_form_has_an_email_field(world):
    page = Client().get("/ouders/inloggen/")
    assert 'name="email"' in page.text
    assert 'type="email"' in page.text


def test_the_address_is_matched_without_regard_to_case(world, mailoutbox):
    _request("  Ouder@Example.NL ")
    assert len(mailoutbox) == 1


def test_the_email_holds_an_absolute_link_and_only_its_hash_is_stored(world, mailoutbox, settings):
    settings.SITE_URL = "https://privacy.stichting.example"
    _request("ouder@example.nl")
    match = re.search(
        r"https://privacy\.stichting\.example/ouders/inloggen/([A-Za-z0-9_-]+)/", mailoutbox[0].body
    )
    assert match is not None
    token = match.group(1)
    link = ParentSignInLink.objects.get(user=world.parent)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ParentSignInLink.objects.values()))
    assert "15 minutes" in mailoutbox[0].body

    (event,) = events("accounts.parent_link.sent")
    assert event.chain == world.board.id
    assert event.channel == "task"
    assert "ouder@example.nl" not in str(event.context)


def test_the_email_is_in_the_language_of_the_page(world, mailoutbox):
    Client().post("/ouders/inloggen/", {"email": "ouder@example.nl"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Open this link to sign in" in mailoutbox[0].body


def test_it_throttles_after_three_links_per_address(world, mailoutbox):
    for _ in range(3):
        assert _request("ouder@example.nl").status_code == 200
    response = _request("ouder@example.nl")
    assert response.status_code == 429
    assert "Please try again in 15 minutes" in response.text
    assert len(mailoutbox) == 3
    assert events("accounts.signin.throttled")[0].context["step"] == "parent_link"


def test_unknown_addresses_are_throttled_alike(world):
    for _ in range(3):
        _request("nobody@example.nl")
    assert _request("nobody@example.nl").status_code == 429


def test_it_throttles_per_network_address(world, mailoutbox):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(20):
        _request(f"someone-{n}@example.nl", client)
    assert _request("ouder@example.nl", client).status_code == 429
    assert mailoutbox == []


def test_an_invalid_address_is_a_form_error(world):
    response = _request("not an address")
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
