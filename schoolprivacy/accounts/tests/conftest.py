"""Helpers for the sign-in tests: real TOTP codes, the password step, a local SMTP sink."""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.testing.sessions import totp_device_for

PASSWORD = "correct horse battery"  # what testing.factories.make_staff sets


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/inloggen/", {"username": username, "password": password}, **extra)


def signed_in_with_password(user: User) -> Client:
    """A staff client past the password but not yet past the second factor."""
    client = Client()
    totp_device_for(user)
    response = password_step(client, user.username)
    assert response.status_code == 302
    return client


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("occurred_at", "id").values_list("action", flat=True))


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SmtpSink]:
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it."""
    sink = SmtpSink(host="127.0.0.1", port=_free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": sink.host, "port": sink.port, "timeout": 5},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


def make_admin_user(user: User) -> User:
    """Let a staff member into the admin; what they may do there follows from their role."""
    user.is_staff = True
    user.save()
    return User.objects.get(pk=user.pk)


def confirm_sudo(client: Client, user: User) -> None:
    response = client.post(
        "/inloggen/bevestigen/",
        {"password": PASSWORD, "code": code_for(totp_device_for(user)), "next": "/"},
    )
    assert response.status_code == 302


@pytest.fixture(autouse=True)
def english_by_default(settings: Any) -> None:
    """These tests read English texts; the product's default language is Dutch."""
    settings.LANGUAGE_CODE = "en"
