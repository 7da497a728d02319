"""A session ends after SESSION_IDLE_MINUTES without a request; every request renews it."""

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
