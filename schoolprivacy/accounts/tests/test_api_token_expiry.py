"""API tokens expire: 90 days unless API_TOKEN_DAYS or create-token --days says otherwise."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import ApiToken
from schoolprivacy.accounts.tests.conftest import events, make_admin_user
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


def _create_token(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_token", "leerkracht", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def _me(token: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_a_token_works_for_90_days_by_default_and_then_gets_401(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token, _err = _create_token()
        assert ApiToken.objects.get().expires_at == timezone.now() + timedelta(days=90)
        clock.shift(timedelta(days=90) - timedelta(seconds=1))
        assert _me(token) == 200
        clock.shift(timedelta(seconds=1))
        assert _me(token) == 401


def test_days_sets_the_lifetime_of_one_token(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token, err = _create_token("--days", "7")
        expires = timezone.localtime(ApiToken.objects.get().expires_at)
        assert expires == timezone.now() + timedelta(days=7)
        # The token alone on standard output; its expiry beside it for the person who made it.
        assert err == f"Expires at {expires:%Y-%m-%d %H:%M %Z}.\n"
        clock.shift(timedelta(days=7))
        assert _me(token) == 401
    (event,) = events("accounts.token.created")
    assert event.context == {"days": 7}


@override_settings(API_TOKEN_DAYS=30)
def test_the_default_lifetime_comes_from_the_settings(world):
    with time_machine.travel(timezone.now(), tick=False):
        _create_token()
        assert ApiToken.objects.get().expires_at == timezone.now() + timedelta(days=30)


@pytest.mark.parametrize("days", ["0", "-1", "367"])
def test_a_lifetime_outside_one_day_to_a_year_is_refused(world, days):
    with pytest.raises(CommandError, match="1 to 366 days"):
        _create_token("--days", days)
    assert not ApiToken.objects.exists()


def test_the_token_list_shows_when_each_token_expires(world):
    _create_token("--days", "12")
    officer = sign_in_staff(Client(), make_admin_user(world.privacy_officer))
    response = officer.get(reverse("admin:accounts_apitoken_changelist"))
    assert response.status_code == 200
    assert "column-expires_at" in response.text
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert response.context["cl"].result_list[0].expires_at == expires
