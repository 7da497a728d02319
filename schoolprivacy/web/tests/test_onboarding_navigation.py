"""Issue 13's pages are found where a user looks for them, and only by those who may use them:
the invitations in the administration's menu, the API tokens on the staff start page, the
language of the emails on the parent's (and pupil's) start page."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World

EN = {"Accept-Language": "en"}


def _nav(client: Client, path: str) -> str:
    html = client.get(path, headers=EN).content.decode()
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_only_the_administration_finds_the_invitations_in_the_menu(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    invitations = reverse("invitations:index")
    assert invitations in _nav(staff_client(world.administration), "/")
    for user in (world.teacher, world.director, world.privacy_officer, world.care_coordinator):
        assert invitations not in _nav(staff_client(user), "/"), user.username
        assert staff_client(user).get(invitations).status_code == 404


def test_staff_find_their_api_tokens_on_the_start_page(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    tokens = reverse("accounts:tokens")
    for user in (world.teacher, world.privacy_officer, world.administration):
        client = staff_client(user)
        assert f'href="{tokens}"' in client.get("/", headers=EN).content.decode()
        assert client.get(tokens).status_code == 200


def test_parents_find_the_language_of_their_emails_and_staff_do_not(
    world: World,
    parent_client: Callable[[User], Client],
    staff_client: Callable[[User], Client],
) -> None:
    language = reverse("accounts:email_language")
    for parent in (world.parent, world.parent_without_authority):
        client = parent_client(parent)
        assert f'href="{language}"' in client.get("/ouders/", headers=EN).content.decode()
        assert client.get(language).status_code == 200
    staff = staff_client(world.teacher)
    assert f'href="{language}"' not in staff.get("/", headers=EN).content.decode()
    assert staff.get(language).status_code == 404
