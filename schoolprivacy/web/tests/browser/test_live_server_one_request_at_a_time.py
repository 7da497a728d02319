"""Many requests at once to the live server never meet each other on SQLite's one connection in
memory (`one_request_at_a_time`): each signed-in page answers 200, none fails halfway."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from schoolprivacy.testing.sessions import sign_in_staff

# The browser tests' server: in the pass with them (`browser`), without Chromium.
pytestmark = pytest.mark.browser

REQUESTS = 24


def test_requests_at_once_all_answer(transactional_db, live_server, world) -> None:
    from django.test import Client

    client = sign_in_staff(Client(), world.teacher)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def get(_number: int) -> int:
        address = live_server.url + "/leerlingen/"
        request = urllib.request.Request(address, headers={"Cookie": cookie})  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our server)
            # A failed sign-in check would answer the sign-in page, also with 200.
            assert response.url.endswith("/leerlingen/"), response.url
            return response.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(get, range(REQUESTS)))
    assert statuses == [200] * REQUESTS
    assert connection.vendor != "sqlite" or live_server.thread.connections_override
