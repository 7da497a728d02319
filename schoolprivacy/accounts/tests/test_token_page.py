"""Staff see, make and revoke their own API tokens (issue 13.6)."""

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import ApiToken, User
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.accounts.tokens import api_token_create, user_for_token
from schoolprivacy.conftest import World


def test_the_list_shows_only_own_tokens_with_their_expiry(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    own, _ = api_token_create(user=world.teacher, name="rooster", actor_id=None, channel="command")
    other, _ = api_token_create(
        user=world.director, name="geheim", actor_id=None, channel="command"
    )
    body = staff_client(world.teacher).get(reverse("accounts:tokens")).content.decode()
    assert own.prefix in body and "rooster" in body
    assert other.prefix not in body and "geheim" not in body


def test_revoking_an_own_token_stops_it_and_another_ones_is_a_404(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    own, token = api_token_create(user=world.teacher, actor_id=None, channel="command")
    other, other_token = api_token_create(user=world.director, actor_id=None, channel="command")
    client = staff_client(world.teacher)
    assert client.post(reverse("accounts:token_revoke", args=[other.pk])).status_code == 404
    assert user_for_token(other_token) == world.director
    client.post(reverse("accounts:token_revoke", args=[own.pk]))
    assert user_for_token(token) is None


def test_making_a_token_needs_sudo_and_shows_it_once_with_its_expiry(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(world.teacher)
    response = client.post(reverse("accounts:tokens"), {"name": "koppeling", "days": "30"})
    assert response.status_code == 302 and "bevestigen" in response["Location"]
    assert not ApiToken.objects.filter(user=world.teacher).exists()
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    response = client.post(reverse("accounts:tokens"), {"name": "koppeling", "days": "30"})
    api_token = ApiToken.objects.get(user=world.teacher)
    body = response.content.decode()
    assert api_token.prefix in body
    assert abs((api_token.expires_at - api_token.created_at).total_seconds() - 30 * 86400) < 60
    whole = re.search(r"sp_[A-Za-z0-9_-]{30,}", body)
    assert whole is not None and user_for_token(whole.group(0)) == world.teacher
    assert whole.group(0) not in client.get(reverse("accounts:tokens")).content.decode()


def test_parents_and_anonymous_visitors_do_not_get_the_page(
    world: World, parent_client: Callable[[User], Client]
) -> None:
    assert parent_client(world.parent).get(reverse("accounts:tokens")).status_code == 404
    assert Client().get(reverse("accounts:tokens")).status_code == 302
