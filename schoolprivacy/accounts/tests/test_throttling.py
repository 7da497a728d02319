"""Password and code guessing is slowed down per account and per network address."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import SignInAttempt
from schoolprivacy.accounts.tests.conftest import code_for, events, password_step
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = pytest.mark.django_db


def test_it_throttles_after_five_failures(world):
    totp_device_for(world.teacher)
    client = Client()
    for _ in range(5):
        assert password_step(client, "leerkracht", "wrong").status_code == 200

    # Even the right password is not checked any more.
    response = password_step(client, "leerkracht")
    assert response.status_code == 429
    assert "Please try again in 15 minutes" in response.text
    assert response["Retry-After"] == "900"
    assert not response.wsgi_request.user.is_authenticated

    (event,) = events("accounts.signin.throttled")
    assert event.context == {"step": "password", "scope": "account", "minutes": 15}
    assert event.chain == world.board.id
    assert event.subjects == [{"type": "accounts.user", "id": world.teacher.id}]


def test_the_account_counter_ignores_letter_case(world):
    client = Client()
    for name in ("leerkracht", "Leerkracht", "LEERKRACHT", "leerKracht", "leerkrachT"):
        password_step(client, name, "wrong")
    assert password_step(client, "leerkracht").status_code == 429


def test_it_lets_the_account_in_again_after_fifteen_minutes(world):
    totp_device_for(world.teacher)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        for _ in range(5):
            password_step(client, "leerkracht", "wrong")
        clock.shift(timedelta(minutes=10))
        response = password_step(client, "leerkracht")
        assert response.status_code == 429
        assert "Please try again in 5 minutes" in response.text
        clock.shift(timedelta(minutes=5, seconds=1))
        assert password_step(client, "leerkracht")["Location"] == "/inloggen/tweede-stap/"


def test_it_throttles_per_address_across_accounts(world):
    totp_device_for(world.director)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(20):
        password_step(client, f"guess-{n}", "wrong")

    response = password_step(client, "directeur")
    assert response.status_code == 429
    assert events("accounts.signin.throttled")[0].context["scope"] == "address"

    elsewhere = password_step(Client(REMOTE_ADDR="203.0.113.9"), "directeur")
    assert elsewhere["Location"] == "/inloggen/tweede-stap/"


def test_it_throttles_second_factor_codes(world):
    device = totp_device_for(world.teacher)
    client = Client()
    password_step(client, "leerkracht")
    for _ in range(5):
        client.post("/inloggen/tweede-stap/", {"code": "000000"})

    response = client.post("/inloggen/tweede-stap/", {"code": code_for(device)})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_verified()
    assert events("accounts.signin.throttled")[0].context["step"] == "second_factor"


def test_counters_hold_neither_names_nor_addresses(world):
    password_step(Client(REMOTE_ADDR="198.51.100.7"), "leerkracht", "wrong")
    keys = list(SignInAttempt.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(len(key) == 64 and "leerkracht" not in key and "198.51" not in key for key in keys)


def test_the_typed_username_never_reaches_the_audit_log(world):
    client = Client()
    for _ in range(6):
        password_step(client, "typo-of-a-real-name", "wrong")
    logged = " ".join(str(e.context) + str(e.subjects) for e in AuditEvent.objects.all())
    assert AuditEvent.objects.count() == 6
    assert "typo" not in logged
