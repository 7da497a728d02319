"""Review of the package built in the background (decision 0056): links made before the worker
built packages, and zips that must not outlive the pupil's data. Each test failed before its fix."""

from typing import Any

import pytest
from django.test import Client

from schoolprivacy.conftest import World
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.requests import building
from schoolprivacy.requests import package as packages
from schoolprivacy.requests import privacy as request_privacy
from schoolprivacy.requests.links import package_link_create
from schoolprivacy.requests.models import Kind, PackageBuild, PackageLink
from schoolprivacy.requests.services import request_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def _link(world: World) -> tuple[str, PackageLink]:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    signed = package_link_create(request=request, actor=world.privacy_officer)
    return signed, PackageLink.objects.get(request=request)


def test_a_link_made_before_packages_were_built_in_the_background_gets_its_package(
    world: World,
) -> None:
    """Migration 0004 leaves such a link `queued` with no task behind it (queued_at empty):
    its first view queues the build, once."""
    signed, link = _link(world)
    building.archive_remove(link)
    PackageLink.objects.filter(pk=link.pk).update(
        build=PackageBuild.QUEUED, progress=0, queued_at=None
    )
    url = f"/verzoeken/download/{signed}/"
    first = Client().get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/html")
    link.refresh_from_db()
    assert link.queued_at is not None and link.build == PackageBuild.READY
    assert link.used_at is None  # looking did not use it
    second = Client().get(url)
    assert second["Content-Type"] == "application/zip"


def test_a_link_whose_task_is_queued_is_not_queued_again_by_its_page(world: World) -> None:
    signed, link = _link(world)
    building.archive_remove(link)
    PackageLink.objects.filter(pk=link.pk).update(build=PackageBuild.QUEUED, progress=0)
    Client().get(f"/verzoeken/download/{signed}/")
    link.refresh_from_db()
    assert link.build == PackageBuild.QUEUED  # its task is on the queue already


def test_erasing_the_pupil_removes_a_built_package_nobody_downloaded(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    signed, link = _link(world)
    assert link.archive and building.storage().exists(link.archive)
    subject = DataSubject("pupil", world.pupil_a.pk, world.board.pk)
    request_privacy.erase(subject, actor_id=None, dry_run=True)
    assert building.storage().exists(link.archive)  # a dry run removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        request_privacy.erase(subject, actor_id=None, dry_run=False)
    assert not building.storage().exists(link.archive)
    link.refresh_from_db()
    assert link.archive == "" and link.build == PackageBuild.FAILED
    page = Client().get(f"/verzoeken/download/{signed}/")
    assert page["Content-Type"].startswith("text/html")  # "ask the school for a new link"


def test_erasing_many_pupils_removes_their_built_packages(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _signed, link = _link(world)
    subject = DataSubject("pupil", world.pupil_a.pk, world.board.pk)
    with django_capture_on_commit_callbacks(execute=True):
        request_privacy.erase_many(
            [subject], actor_id=None, categories=[request_privacy._KEY], dry_run=False
        )
    assert not building.storage().exists(link.archive)


def test_a_build_whose_last_step_fails_leaves_no_zip_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(building, "audit_record", broken)
    before = _zips(world)
    _signed, link = _link(world)
    link.refresh_from_db()
    assert link.build == PackageBuild.FAILED and link.archive == ""
    assert _zips(world) == before


def _zips(world: World) -> list[str]:
    folder = f"{building.FOLDER}/{world.board.pk}"
    return building.storage().listdir(folder)[1] if building.storage().exists(folder) else []


def test_the_zip_of_a_download_that_never_streamed_is_removed_by_the_daily_task(
    world: World,
) -> None:
    signed, link = _link(world)
    response = Client().get(f"/verzoeken/download/{signed}/")
    assert response["Content-Type"] == "application/zip"  # used; the client went away unread
    link.refresh_from_db()
    assert link.used_at is not None and building.storage().exists(link.archive)
    assert building.archives_remove_expired() == 0  # it may still be streaming
    PackageLink.objects.filter(pk=link.pk).update(used_at=link.used_at - building.USED_GRACE)
    assert building.archives_remove_expired() == 1
    assert not building.storage().exists(link.archive)


def test_a_build_overtaken_by_the_erasure_of_its_pupil_is_not_made_ready(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """The build read the pupil's data, then the erasure ran before the zip was stored: the
    zip holds erased data and must neither open the link nor stay behind."""
    signed, link = _link(world)
    building.archive_remove(link)
    PackageLink.objects.filter(pk=link.pk).update(build=PackageBuild.QUEUED, progress=0)
    subject = DataSubject("pupil", world.pupil_a.pk, world.board.pk)
    read = packages.build

    def read_then_erased(request: Any) -> Any:
        package = read(request)
        request_privacy.erase(subject, actor_id=None, dry_run=False)
        return package

    monkeypatch.setattr(packages, "build", read_then_erased)
    before = _zips(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert building.package_build_run(link_id=link.pk) == "skipped"
    link.refresh_from_db()
    assert link.build == PackageBuild.FAILED and link.archive == ""
    assert _zips(world) == before
    page = Client().get(f"/verzoeken/download/{signed}/")
    assert page["Content-Type"].startswith("text/html")


def test_a_queued_build_of_an_erased_pupil_is_skipped(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _signed, link = _link(world)
    building.archive_remove(link)
    PackageLink.objects.filter(pk=link.pk).update(build=PackageBuild.QUEUED, progress=0)
    subject = DataSubject("pupil", world.pupil_a.pk, world.board.pk)
    with django_capture_on_commit_callbacks(execute=True):
        request_privacy.erase(subject, actor_id=None, dry_run=False)
    before = _zips(world)
    assert building.package_build_run(link_id=link.pk) == "skipped"
    link.refresh_from_db()
    assert link.build == PackageBuild.FAILED and link.archive == ""
    assert _zips(world) == before
