"""The sign-in link travels through a real SMTP server and works when followed."""

import email
import re
from email.message import Message

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def test_a_parent_signs_in_through_a_real_smtp_server(world, smtp_sink, settings):
    settings.SITE_URL = "http://testserver"
    response = Client().post("/ouders/inloggen/", {"email": "ouder@example.nl"})
    assert response.status_code == 200

    (raw,) = smtp_sink.messages
    message = email.message_from_bytes(raw)
    assert message["To"] == "ouder@example.nl"
    body = _text(message)
    match = re.search(r"http://testserver(/ouders/inloggen/[A-Za-z0-9_-]+/)", body)
    assert match is not None

    client = Client()
    assert client.get(match.group(1)).status_code == 200
    signed_in = client.post(match.group(1))
    assert signed_in["Location"] == "/ouders/"
    assert client.get("/ouders/").wsgi_request.user == world.parent


def test_an_unknown_address_sends_nothing_through_smtp(world, smtp_sink):
    Client().post("/ouders/inloggen/", {"email": "nobody@example.nl"})
    assert smtp_sink.messages == []
