"""A session ends after SESSION_IDLE_MINUTES without a request.

A request renews it, at most once a minute (no database write for most page views).
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_session_expires_after_thirty_idle_minutes(world, staff_client, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = staff_client(world.teacher)
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_activity_keeps_a_session_alive(world, staff_client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = staff_client(world.teacher)
        for _ in range(4):
            clock.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200


def test_a_parent_session_expires_too(world, parent_client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = parent_client(world.parent)
        assert client.get("/ouders/").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/ouders/").status_code == 302


def _session_writes(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().startswith(("UPDATE", "INSERT"))
    )


def test_a_page_view_writes_the_session_at_most_once_a_minute(world, staff_client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = staff_client(world.teacher)
        assert _session_writes(client, "/") == 1  # the first request renews
        clock.shift(timedelta(seconds=30))
        assert _session_writes(client, "/") == 0
        clock.shift(timedelta(seconds=31))
        assert _session_writes(client, "/") == 1


def test_a_session_renewed_a_minute_ago_still_ends_thirty_minutes_after_that(world, staff_client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = staff_client(world.teacher)
        assert client.get("/").status_code == 200  # renewed now
        clock.shift(timedelta(seconds=59))
        assert client.get("/").status_code == 200  # not renewed: less than a minute
        clock.shift(timedelta(minutes=29, seconds=2))  # 30 min 1 s after the renewal
        response = client.get("/")
    assert response.status_code == 302
