"""A download link works once, also when two clicks arrive together (PostgreSQL, two real
connections, forced interleaving). The first redeem holds the link's row lock until it commits;
without `select_for_update` the second would read the link as unused and download again."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from schoolprivacy.conftest import World
from schoolprivacy.requests.errors import RequestNotFound
from schoolprivacy.requests.links import package_link_create, package_link_redeem
from schoolprivacy.requests.services import request_submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]
GRACE = 1.5


class Worker(threading.Thread):
    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None
        self.value: Any = None

    def run(self) -> None:
        try:
            self.value = self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


def test_two_clicks_at_once_give_one_download(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    signed = package_link_create(request=request, actor=world.parent)
    redeemed, release = threading.Event(), threading.Event()

    def first() -> int:
        with transaction.atomic():
            found = package_link_redeem(signed)
            redeemed.set()
            assert release.wait(20)
            return found.pk

    one = Worker(first)
    one.start()
    assert redeemed.wait(20)
    two = Worker(lambda: package_link_redeem(signed).pk)
    two.start()
    two.join(GRACE)
    assert two.is_alive(), "the second click did not wait for the first"
    release.set()
    one.join(20)
    two.join(20)
    assert one.error is None and one.value == request.pk
    assert isinstance(two.error, RequestNotFound)


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
    sending, release = threading.Event(), threading.Event()
    sent: list[str] = []

    def slow_send(message: Any, *args: Any, **kwargs: Any) -> int:
        sent.append(threading.current_thread().name)
        sending.set()
        assert release.wait(20)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", slow_send)
    one = Worker(notices_send_queued)
    one.start()
    assert sending.wait(20)
    two = Worker(notices_send_queued)
    two.start()
    two.join(GRACE)
    assert two.is_alive(), "the second run did not wait for the first"
    release.set()
    one.join(20)
    two.join(20)
    assert (one.error, two.error) == (None, None)
    assert (one.value, two.value, len(sent)) == (1, 0, 1)
    notice.refresh_from_db()
    assert notice.state == RecipientNotice.State.SENT
