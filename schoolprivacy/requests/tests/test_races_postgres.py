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
