"""A download link works once, also when two clicks arrive together (PostgreSQL, two real
connections, forced interleaving). The first redeem holds the link's row lock until it commits;
without `select_for_update` the second would read the link as unused and download again."""

from typing import Any

import pytest
from django.db import connection, transaction

from schoolprivacy.conftest import World
from schoolprivacy.requests.errors import RequestNotFound
from schoolprivacy.requests.links import package_link_create, package_link_redeem
from schoolprivacy.requests.services import request_submit
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def mail_paused_at(pause: Pause, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Mail is not sent but kept (the returned list); the first message stops at `pause`."""
    sent: list[str] = []

    def send(message: Any, *args: Any, **kwargs: Any) -> int:
        sent.append(message.body)
        pause()
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)
    return sent


def test_two_clicks_at_once_give_one_download(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    signed = package_link_create(request=request, actor=world.parent)
    redeemed = Pause()

    def first() -> int:
        with transaction.atomic():
            found = package_link_redeem(signed)
            redeemed()
            return found.pk

    race = interleave(
        first,
        redeemed,
        lambda: package_link_redeem(signed).pk,
        second_waits=True,
        message="the second click did not wait for the first",
    )
    assert race.first.result() == request.pk
    assert isinstance(race.second.error, RequestNotFound)


def test_two_daily_runs_at_once_mail_a_notice_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daily task retrying queued GDPR art. 19 notices twice at the same time: the notice's
    row lock makes the second run wait and then find it sent, so the recipient gets one mail."""
    from schoolprivacy.requests.models import RecipientNotice
    from schoolprivacy.requests.notices import notices_send_queued

    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="rectification")
    notice = RecipientNotice.objects.create(
        board=world.board,
        request=request,
        cause=RecipientNotice.Cause.CORRECTION,
        recipient_key="suppliers.Supplier:1",
        recipient_name="Uitgever",
        email="privacy@uitgever.example",
        categories=["pupil.enrolment"],
        state=RecipientNotice.State.QUEUED,
    )
    sending = Pause()
    sent = mail_paused_at(sending, monkeypatch)
    race = interleave(
        notices_send_queued,
        sending,
        notices_send_queued,
        second_waits=True,
        message="the second run did not wait for the first",
    )
    assert (race.first.result(), race.second.result(), len(sent)) == (1, 0, 1)
    notice.refresh_from_db()
    assert notice.state == RecipientNotice.State.SENT
