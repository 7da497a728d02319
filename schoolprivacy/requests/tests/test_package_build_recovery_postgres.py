"""A dead build is queued again once, also when two callers ask at the same moment (two pages,
or a page and the daily task): PostgreSQL, two real connections, forced interleaving. The claim
is the UPDATE's own condition (build still "being made", silent, retries left); the second
caller's UPDATE waits for the first's row lock, then finds the link queued and changes nothing.
Without the condition the second would queue a second build and count a second retry."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.requests.build_recovery import (
    FAILED,
    MAX_RETRIES,
    RETRIED,
    STALE_AFTER,
    package_build_recover,
)
from schoolprivacy.requests.links import package_link_create
from schoolprivacy.requests.models import PackageBuild, PackageLink
from schoolprivacy.requests.services import request_submit
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


@pytest.mark.parametrize(("retries", "outcome"), [(0, RETRIED), (MAX_RETRIES, FAILED)])
def test_two_callers_at_once_recover_a_dead_build_once(
    world: World, settings: Any, tmp_path: Any, retries: int, outcome: str
) -> None:
    settings.VAR_DIR = tmp_path
    # As the worker does: the queued build waits for it (built at once, the link would be
    # ready and the second caller refused for that reason alone).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    package_link_create(request=request, actor=world.privacy_officer)
    link = PackageLink.objects.get(request=request)
    PackageLink.objects.filter(pk=link.pk).update(
        build=PackageBuild.BUILDING,
        progress_at=timezone.now() - STALE_AFTER - timedelta(minutes=1),
        retries=retries,
    )
    claimed = Pause()

    def first() -> str:
        with transaction.atomic():
            done = package_build_recover(link_id=link.pk, channel="web")
            claimed()
            return done

    race = interleave(
        first,
        claimed,
        lambda: package_build_recover(link_id=link.pk, channel="task"),
        second_waits=True,
        message="the second caller did not wait for the first's claim",
        timeout=60,
    )
    assert (race.first.result(), race.second.result()) == (outcome, "")
    link.refresh_from_db()
    assert link.retries == (retries + 1 if outcome == RETRIED else retries)
    assert AuditEvent.objects.filter(action__startswith="requests.package.build_").count() == 1
