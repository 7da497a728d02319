"""API tokens: created on the command line, shown once, stored hashed, revocable."""

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import ApiToken
from schoolprivacy.accounts.tests.conftest import events, make_admin_user
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


def _create_token(username: str, *args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("create_token", username, *args, stdout=out, stderr=err)
    assert err.getvalue().startswith("Expires at ")
    return out.getvalue()


def _me(token: str):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_create_token_prints_only_the_token(world):
    output = _create_token("leerkracht", "--name", "LAS sync")
    assert re.fullmatch(r"sp_[A-Za-z0-9_-]{43}\n", output)
    token = output.strip()

    stored = ApiToken.objects.get()
    assert stored.name == "LAS sync"
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:12]
    assert token not in str(list(ApiToken.objects.values()))

    (event,) = events("accounts.token.created")
    assert event.channel == "command"
    assert event.chain == world.board.id


def test_the_token_authenticates(world):
    token = _create_token("leerkracht").strip()
    response = _me(token)
    assert response.status_code == 200
    assert response.json()["username"] == "leerkracht"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_refused(world):
    token = _create_token("leerkracht").strip()
    out = StringIO()
    call_command("revoke_token", token[:12], stdout=out)
    assert "Revoked" in out.getvalue()
    assert _me(token).status_code == 401
    (event,) = events("accounts.token.revoked")
    assert event.channel == "command"


def test_a_token_can_be_revoked_by_id(world):
    token = _create_token("leerkracht").strip()
    call_command("revoke_token", str(ApiToken.objects.get().pk), stdout=StringIO())
    assert _me(token).status_code == 401


def test_unknown_and_malformed_tokens_are_refused(world):
    assert _me("sp_" + "x" * 43).status_code == 401
    assert _me("not-a-token").status_code == 401
    assert Client().get("/api/v1/me").status_code == 401


def test_a_deactivated_account_cannot_use_its_token(world):
    token = _create_token("leerkracht").strip()
    world.teacher.is_active = False
    world.teacher.save()
    assert _me(token).status_code == 401


def test_only_staff_get_tokens(world):
    with pytest.raises(CommandError):
        call_command("create_token", world.parent.username, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_token", "nobody", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_last_use_is_written_at_most_once_a_minute(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _api_token, token = api_token_create(user=world.teacher, actor_id=None, channel="command")
        _me(token)
        first = ApiToken.objects.get().last_used_at
        clock.shift(timedelta(seconds=30))
        _me(token)
        assert ApiToken.objects.get().last_used_at == first
        clock.shift(timedelta(seconds=31))
        _me(token)
        assert ApiToken.objects.get().last_used_at > first


def test_a_verified_staff_session_also_opens_the_api(world, staff_client):
    assert staff_client(world.teacher).get("/api/v1/me").status_code == 200


def test_a_parent_session_does_not_open_the_api(world, parent_client):
    assert parent_client(world.parent).get("/api/v1/me").status_code == 401


def test_the_admin_action_revokes_a_token(world):
    api_token, token = api_token_create(user=world.teacher, actor_id=None, channel="command")
    officer = sign_in_staff(Client(), make_admin_user(world.privacy_officer))
    response = officer.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [api_token.pk]},
    )
    assert response.status_code == 302
    assert _me(token).status_code == 401
    (event,) = events("accounts.token.revoked")
    assert event.channel == "web"
    assert event.actor_id == world.privacy_officer.id
