"""Only the board's privacy officer opens the register pages; everyone else gets a 404."""

import pytest

from schoolprivacy.access.models import Role
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "director",
    "teacher",
    "care_coordinator",
    "administration",
    "teacher_b",
    "other_board_staff",
]


def _pages(activity: ProcessingActivity) -> list[str]:
    return [
        "/register/",
        "/register/nieuw/",
        "/register/export.csv",
        "/register/export.json",
        f"/register/{activity.pk}/",
        f"/register/{activity.pk}/bewerken/",
    ]


def test_the_privacy_officer_opens_every_page(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    for url in _pages(register[0]):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_staff_get_404_everywhere(world, register, staff_client, persona):
    client = staff_client(getattr(world, persona))
    activity = register[0]
    for url in _pages(activity):
        assert client.get(url).status_code == 404, url
    for action in ("deactiveren", "heractiveren"):
        assert client.post(f"/register/{activity.pk}/{action}/").status_code == 404
    activity.refresh_from_db()
    assert activity.is_active and activity.version == 1


def test_parents_get_404(world, register, parent_client):
    client = parent_client(world.parent)
    for url in _pages(register[0]):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, world, register):
    response = client.get("/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_privacy_officer_of_another_board_gets_404_for_our_activities(
    world, register, staff_client
):
    other_board = factories.make_board()
    officer = factories.make_staff(board=other_board, username="fg.elders")
    factories.assign(officer, Role.PRIVACY_OFFICER)
    register_install_defaults(board=other_board, actor_id=None)
    client = staff_client(officer.user)

    activity = register[0]
    assert client.get(f"/register/{activity.pk}/").status_code == 404
    assert client.get(f"/register/{activity.pk}/bewerken/").status_code == 404
    assert client.post(f"/register/{activity.pk}/deactiveren/").status_code == 404
    listed = client.get("/register/").context["activities"]
    assert activity.pk not in {a.pk for a in listed}
    assert {a.board_id for a in listed} == {other_board.pk}


def test_deactivating_needs_a_post(world, register, staff_client):
    client = staff_client(world.privacy_officer)
    assert client.get(f"/register/{register[0].pk}/deactiveren/").status_code == 405
