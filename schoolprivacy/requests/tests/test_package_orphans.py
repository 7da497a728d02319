"""A package zip that a killed build saved but no link names is removed by the daily requests
task once past the safety age (decision 0056, amendment); a zip a link names stays, and so does
an orphan young enough to belong to a build that is still committing."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.requests import building, orphans
from schoolprivacy.requests.links import package_link_create
from schoolprivacy.requests.models import Kind, PackageLink
from schoolprivacy.requests.orphans import package_orphans_sweep
from schoolprivacy.requests.services import request_submit
from schoolprivacy.requests.tasks import remind_requests_task

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    """A var folder and a private storage of this test's own: the sweep lists the whole folder."""
    settings.VAR_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def _built_link(world: World) -> PackageLink:
    # The test settings build the package at once, as the worker would.
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    package_link_create(request=request, actor=world.privacy_officer)
    link = PackageLink.objects.get(request=request)
    assert link.archive and building.storage().exists(link.archive)
    return link


def _killed_build_zip(board_id: int) -> str:
    """What a build killed between saving its zip and committing its link leaves behind."""
    name = f"{building.FOLDER}/{board_id}/killed.zip"
    return building.storage().save(name, ContentFile(b"PK\x05\x06" + b"\0" * 18))


def test_the_daily_task_removes_a_zip_no_link_names_and_keeps_the_rest(world: World) -> None:
    link = _built_link(world)
    orphan = _killed_build_zip(world.board.pk)
    exists = building.storage().exists

    remind_requests_task.call()  # the same hour: it may be a build that is still committing
    assert exists(orphan) and exists(link.archive)
    assert not AuditEvent.objects.filter(action="requests.orphans.deleted").exists()

    with time_machine.travel(timezone.now() + LATER):
        remind_requests_task.call()
    assert not exists(orphan)
    link.refresh_from_db()
    assert link.archive and exists(link.archive)  # named by its link: untouched
    (event,) = AuditEvent.objects.filter(action="requests.orphans.deleted")
    assert (event.chain, event.context) == (world.board.pk, {"files": 1})


def test_a_dry_run_counts_and_deletes_nothing(world: World) -> None:
    orphan = _killed_build_zip(world.board.pk)
    with time_machine.travel(timezone.now() + LATER):
        found = package_orphans_sweep(dry_run=True)
    assert (found.deleted, found.too_new) == (1, 0)
    assert building.storage().exists(orphan)
    assert not AuditEvent.objects.filter(action="requests.orphans.deleted").exists()


def test_a_zip_its_link_removes_during_the_sweep_is_left_alone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listed, then removed by its download before the sweep reads the links' names (review):
    no longer there, so nothing to do, and the sweep goes on."""
    link = _built_link(world)
    orphan = _killed_build_zip(world.board.pk)
    names_in_database = orphans.FOLDERS[building.FOLDER]

    def a_download_ends_meanwhile(prefix: str) -> set[str]:
        building.archive_remove(link)
        return names_in_database(prefix)

    monkeypatch.setitem(orphans.FOLDERS, building.FOLDER, a_download_ends_meanwhile)
    with time_machine.travel(timezone.now() + LATER):
        swept = package_orphans_sweep()
    assert (swept.deleted, swept.too_new) == (1, 0)
    assert not building.storage().exists(orphan)
