"""Invitation rounds (issue 13.2): preview, send, the emailed link signs in, resend, revoke."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World


@pytest.fixture(autouse=True)
def _emails_after_commit(
    django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The round queues its emails after the commit; each request here runs its own callbacks
    when it ends, as a committed request would."""
    original = Client.post

    def post(self: Client, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)
    yield


def _page(world: World) -> str:
    return reverse("invitations:school", args=[world.school_a.slug])


def test_the_preview_names_who_gets_one_and_who_cannot(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    body = staff_client(world.administration).get(_page(world)).content.decode()
    assert world.parent.email in body or world.parent.guardian.name in body
    # The parent without authority is listed with the reason, not invited.
    assert world.parent_without_authority.guardian.name in body
    assert "no parental authority" in body or "geen ouderlijk gezag" in body


def test_the_emailed_invitation_signs_the_parent_in_once(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    response = staff_client(world.administration).post(_page(world))
    assert response.status_code == 302
    to = {m.to[0] for m in mail.outbox}
    assert world.parent.email in to and world.parent_without_authority.email not in to
    message = next(m for m in mail.outbox if m.to == [world.parent.email])
    link = re.search(r"https?://\S+/ouders/inloggen/\S+/", str(message.body))
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    parent = Client()
    assert parent.post(path).status_code == 302
    assert parent.get(reverse("portal:home")).status_code == 200
    # Single use.
    assert Client().post(path).status_code == 410


def test_a_second_round_skips_open_invitations_and_revoke_voids_the_link(
    world: World, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(world.administration)
    client.post(_page(world))
    sent = len(mail.outbox)
    client.post(_page(world))
    assert len(mail.outbox) == sent
    invitation = world.parent.invitations.get()
    message = next(m for m in mail.outbox if m.to == [world.parent.email])
    link = re.search(r"/ouders/inloggen/\S+/", str(message.body))
    assert link is not None
    client.post(reverse("invitations:revoke", args=[world.school_a.slug, invitation.pk]))
    assert Client().post(link.group(0)).status_code == 410
    assert world.parent.invitations.filter(revoked_at__isnull=True).count() == 0


def test_resend_sends_a_new_link(world: World, staff_client: Callable[[User], Client]) -> None:
    client = staff_client(world.administration)
    client.post(_page(world))
    invitation = world.parent.invitations.get()
    before = len(mail.outbox)
    client.post(reverse("invitations:resend", args=[world.school_a.slug, invitation.pk]))
    assert len(mail.outbox) == before + 1
    assert world.parent.invitations.filter(revoked_at__isnull=True).count() == 1


def test_everyone_but_the_schools_administration_gets_a_404(
    world: World,
    staff_client: Callable[[User], Client],
    parent_client: Callable[[User], Client],
) -> None:
    staff_client(world.administration).post(_page(world))
    invitation = world.parent.invitations.get()
    urls = [
        reverse("invitations:index"),
        _page(world),
        reverse("invitations:resend", args=[world.school_a.slug, invitation.pk]),
        reverse("invitations:revoke", args=[world.school_a.slug, invitation.pk]),
    ]
    for client in (
        staff_client(world.teacher_b),
        staff_client(world.teacher),
        staff_client(world.privacy_officer),
        parent_client(world.parent),
    ):
        for url in urls:
            response = (
                client.post(url) if "opnieuw" in url or "intrekken" in url else client.get(url)
            )
            assert response.status_code == 404, url
    assert world.parent.invitations.get().revoked_at is None
