"""Check-then-act of the package and notice review on PostgreSQL, two real connections with a
forced interleaving: a link made before the worker built packages is queued once when two pages
ask together, and a purge digest and the daily retry at the same time mail a recipient once."""

from typing import Any

import pytest
from django.db import connection, transaction

from schoolprivacy.conftest import World
from schoolprivacy.requests.building import archive_remove, package_build_queue_unqueued
from schoolprivacy.requests.links import package_link_create
from schoolprivacy.requests.models import PackageBuild, PackageLink, RecipientNotice
from schoolprivacy.requests.notices import notices_send_digests, notices_send_queued
from schoolprivacy.requests.services import request_submit
from schoolprivacy.requests.tests.test_races_postgres import mail_paused_at
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def test_two_pages_of_an_unqueued_link_at_once_queue_its_build_once(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    package_link_create(request=request, actor=world.privacy_officer)
    link = PackageLink.objects.get(request=request)
    archive_remove(link)
    PackageLink.objects.filter(pk=link.pk).update(build=PackageBuild.QUEUED, queued_at=None)
    link.refresh_from_db()
    # As the worker does: the queued build waits for it (immediately built, the link would be
    # ready and the second claim refused for that reason alone).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    claimed = Pause()

    def first() -> bool:
        with transaction.atomic():
            done = package_build_queue_unqueued(link)
            claimed()
            return done

    race = interleave(
        first,
        claimed,
        lambda: package_build_queue_unqueued(link),  # read the link before the claim
        second_waits=True,
        message="the second page did not wait for the first's claim",
        timeout=60,
    )
    assert (race.first.result(), race.second.result()) == (True, False)


def test_a_purge_digest_and_the_daily_retry_at_once_mail_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = [
        RecipientNotice.objects.create(
            board=world.board,
            cause=RecipientNotice.Cause.ERASURE,
            recipient_key="suppliers.Supplier:1",
            recipient_name="Uitgever",
            email="privacy@uitgever.example",
            categories=["pupil.enrolment"],
            state=RecipientNotice.State.QUEUED,
        )
        for _ in range(2)
    ]
    about = {"school": "De Regenboog", "pupil": "Sanne Jansen", "born": "2012-03-04"}
    sending = Pause()
    sent = mail_paused_at(sending, monkeypatch)
    race = interleave(
        lambda: notices_send_digests([(n.pk, about) for n in notices]),
        sending,
        notices_send_queued,  # nameless one by one: would leave them to the officer
        second_waits=True,
        message="the retry did not wait for the digest",
    )
    race.second.result()
    assert (race.first.result(), len(sent)) == (2, 1)
    states = set(RecipientNotice.objects.values_list("state", flat=True))
    assert states == {RecipientNotice.State.SENT}
