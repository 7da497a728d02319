"""Staff managers link a staff account to its subject at the board's provider; nobody else can."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.signon.models import Identity, Provider


def with_sudo(client: Client) -> Client:
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


def make_provider(world: World) -> Provider:
    return Provider.objects.create(
        board=world.board, name="Entra", issuer="https://login.example/t/", client_id="c"
    )


def test_the_officer_links_and_unlinks_a_subject(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    make_provider(world)
    officer = with_sudo(staff_client(world.privacy_officer))
    url = reverse("signon:identity", args=[world.teacher.staff.pk])
    assert officer.post(url, {"subject": "abc-123"}).status_code == 302
    identity = Identity.objects.get(user=world.teacher)
    assert (identity.issuer, identity.subject) == ("https://login.example/t/", "abc-123")
    event = AuditEvent.objects.filter(action="signon.identity.linked").latest("pk")
    assert "abc-123" not in str(event.__dict__)
    officer.post(url, {"subject": ""})
    assert not Identity.objects.filter(user=world.teacher).exists()


def test_one_subject_cannot_belong_to_two_accounts(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    make_provider(world)
    officer = with_sudo(staff_client(world.privacy_officer))
    officer.post(reverse("signon:identity", args=[world.teacher.staff.pk]), {"subject": "x"})
    response = officer.post(
        reverse("signon:identity", args=[world.director.staff.pk]), {"subject": "x"}
    )
    assert response.status_code == 200
    assert not Identity.objects.filter(user=world.director).exists()


def test_teachers_and_other_boards_get_a_404(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    make_provider(world)
    for persona in (world.teacher, world.other_board_staff, world.director):
        client = with_sudo(staff_client(persona))
        url = reverse("signon:identity", args=[world.teacher.staff.pk])
        assert client.post(url, {"subject": "mine"}).status_code == 404
    assert not Identity.objects.exists()
