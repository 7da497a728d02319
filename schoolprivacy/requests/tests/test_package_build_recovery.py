"""A download link's build whose worker died (requests/build_recovery.py, decision 0056
amendment 2): queued again by the link's page or the daily task, at most twice, then given up
and put on the officer's list. Links that are ready, used, expired, failed or only queued are
never touched. The race of two callers at once is in test_package_build_recovery_postgres.py."""

import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.tasks import task_backends
from django.test import Client
from django.utils import timezone, translation

from schoolprivacy.accounts.models import User
from schoolprivacy.attention import collect
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.requests import building
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.build_recovery import (
    MAX_RETRIES,
    STALE_AFTER,
    package_builds_recover,
)
from schoolprivacy.requests.links import package_link_create
from schoolprivacy.requests.models import Kind, PackageBuild, PackageLink
from schoolprivacy.requests.services import request_submit
from schoolprivacy.requests.tasks import remind_requests_task

pytestmark = pytest.mark.django_db
OUTSIDERS = ("director", "administration", "teacher", "care_coordinator", "other_board_staff")


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def queued(settings: Any) -> Callable[[], list[int]]:
    """As the real worker: a queued build waits (the test settings build it at once). Returns
    what gives the link ids of the builds queued so far."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend: Any = task_backends["default"]
    backend.clear()

    def link_ids() -> list[int]:
        return [r.args[0] for r in backend.results if r.task.name == "build_package_task"]

    return link_ids


def _link(world: World) -> tuple[str, PackageLink]:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    signed = package_link_create(request=request, actor=world.privacy_officer)
    return signed, PackageLink.objects.get(request=request)


def _dying(link: PackageLink, *, silent: timedelta, retries: int = 0, **fields: Any) -> None:
    """The link as a killed worker leaves it: being made, no zip, last sign of life `silent` ago."""
    building.archive_remove(link)
    dying = {"build": PackageBuild.BUILDING, "progress": 40, "progress_at": timezone.now() - silent}
    PackageLink.objects.filter(pk=link.pk).update(**{**dying, "retries": retries, **fields})
    link.refresh_from_db()


def _page(signed: str, language: str = "en") -> str:
    with translation.override(language):
        response = Client().get(f"/verzoeken/download/{signed}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    return response.content.decode()


def _events(action: str) -> list[dict[str, Any]]:
    return list(AuditEvent.objects.filter(action=action).values_list("context", flat=True))


def test_a_build_records_when_it_last_showed_life(world: World) -> None:
    before = timezone.now()
    _signed, link = _link(world)  # built at once by the test settings
    assert link.build == PackageBuild.READY
    assert link.progress_at is not None and link.progress_at >= before
    PackageLink.objects.filter(pk=link.pk).update(progress_at=before - timedelta(hours=1))
    building._progress(link.pk, 50)  # every progress report is a sign of life
    link.refresh_from_db()
    assert link.progress_at is not None and link.progress_at >= before


def test_every_file_written_is_a_sign_of_life_even_without_progress_reports(
    world: World, tmp_path: Path
) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    built = packages.build(request)

    def silent(part: Path, report: Callable[[int], None]) -> None:
        part.write_bytes(b"a copy that reports no progress")

    built.writers = {"videos/one.mp4": silent, "videos/two.mp4": silent}
    built.makers = {"photos/one.jpg": lambda: b"one", "photos/two.jpg": lambda: b"two"}
    reports: list[int] = []
    building.write_package(built, tmp_path / "package.zip", reports.append)
    # After each video, before the zip, after each photo blurred into it.
    assert reports == [45, 90, 90, 94, 99]
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        assert archive.read("photos/two.jpg") == b"two"


def test_a_build_that_showed_life_within_the_half_hour_is_left_alone(
    world: World, queued: Callable[[], list[int]]
) -> None:
    signed, link = _link(world)
    before = queued()  # the link's own build, still waiting
    _dying(link, silent=STALE_AFTER - timedelta(minutes=1))
    html = _page(signed)
    link.refresh_from_db()
    assert (link.build, link.progress, link.retries) == (PackageBuild.BUILDING, 40, 0)
    assert queued() == before and "data-package-retry" not in html
    assert package_builds_recover() == {"retried": 0, "failed": 0}
    assert _events("requests.package.build_retried") == []


def test_the_page_of_a_silent_build_queues_it_again_once_and_says_so(
    world: World, queued: Callable[[], list[int]]
) -> None:
    signed, link = _link(world)
    _dying(link, silent=STALE_AFTER + timedelta(minutes=1))
    before = queued()
    html = _page(signed)
    link.refresh_from_db()
    assert (link.build, link.progress, link.retries) == (PackageBuild.QUEUED, 0, 1)
    assert link.queued_at is not None and link.queued_at > timezone.now() - timedelta(minutes=1)
    assert queued() == [*before, link.pk]
    assert "data-package-retry" in html and "attempt 2 of 3" in html
    assert "It is being made again, automatically" in html
    [event] = _events("requests.package.build_retried")
    assert event == {"link": link.pk, "retries": 1}
    assert AuditEvent.objects.get(action="requests.package.build_retried").channel == "web"
    # Looking again, and the daily task, queue nothing more: the build is queued, not silent.
    _page(signed)
    assert package_builds_recover() == {"retried": 0, "failed": 0}
    assert queued() == [*before, link.pk]
    assert len(_events("requests.package.build_retried")) == 1
    # The Dutch page says the same (its words come from the translations).
    assert "data-package-retry" in _page(signed, "nl")


def test_a_build_queued_again_is_made_and_downloads(world: World) -> None:
    """With the test settings the queued build runs at once, as the worker would."""
    signed, link = _link(world)
    _dying(link, silent=timedelta(hours=2))
    _page(signed)
    link.refresh_from_db()
    assert (link.build, link.retries) == (PackageBuild.READY, 1)
    assert link.archive and building.storage().exists(link.archive)
    response = Client().get(f"/verzoeken/download/{signed}/")
    assert response["Content-Type"] == "application/zip"


def test_after_two_retries_the_build_is_given_up_and_the_officer_told(
    world: World, queued: Callable[[], list[int]], staff_client: Callable[[User], Client]
) -> None:
    signed, link = _link(world)
    before = queued()  # the link's own build, still waiting
    _dying(link, silent=STALE_AFTER + timedelta(seconds=5), retries=MAX_RETRIES)
    html = _page(signed)
    link.refresh_from_db()
    assert (link.build, link.retries) == (PackageBuild.FAILED, MAX_RETRIES)
    assert queued() == before and link.used_at is None
    assert "data-package-gave-up" in html and "started 3 times" in html
    assert "privacy officer has been told" in html and "Ask the school for a new link" in html
    assert _events("requests.package.build_failed") == [{"link": link.pk, "retries": 2}]

    with translation.override("en"):
        [item] = [i for i in collect(world.privacy_officer) if i.kind == "request_package"]
    assert item.url == f"/verzoeken/{link.request_id}/"
    assert world.school_a.name in item.title and "Started 3 times" in item.detail
    assert world.pupil_a.name not in item.title + item.detail
    with translation.override("en"):
        officer = staff_client(world.privacy_officer)
        detail = officer.get(item.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Started again 2 times after the worker stopped" in detail
    for persona in OUTSIDERS:
        user = getattr(world, persona)
        assert not [i for i in collect(user) if i.kind == "request_package"], persona
    # The officer makes a new link: the item has done its work.
    package_link_create(request=link.request, actor=world.privacy_officer)
    assert not [i for i in collect(world.privacy_officer) if i.kind == "request_package"]


def test_a_given_up_link_leaves_the_list_when_it_expires(world: World) -> None:
    _signed, link = _link(world)
    _dying(link, silent=STALE_AFTER * 2, retries=MAX_RETRIES)
    assert package_builds_recover() == {"retried": 0, "failed": 1}
    assert [i for i in collect(world.privacy_officer) if i.kind == "request_package"]
    PackageLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    assert not [i for i in collect(world.privacy_officer) if i.kind == "request_package"]


def test_the_daily_task_recovers_builds_nobody_looks_at(world: World) -> None:
    _signed, first = _link(world)
    _dying(first, silent=timedelta(hours=5), retries=1)
    package_link_create(request=first.request, actor=world.privacy_officer)
    last = PackageLink.objects.filter(request=first.request).latest("pk")
    _dying(last, silent=timedelta(hours=5), retries=MAX_RETRIES)
    remind_requests_task.call()
    first.refresh_from_db()
    last.refresh_from_db()
    assert (first.build, first.retries) == (PackageBuild.READY, 2)  # queued again and built
    assert (last.build, last.retries) == (PackageBuild.FAILED, MAX_RETRIES)
    channels = AuditEvent.objects.filter(action__startswith="requests.package.build_")
    assert sorted(channels.values_list("action", "channel")) == [
        ("requests.package.build_failed", "task"),
        ("requests.package.build_retried", "task"),
    ]


@pytest.mark.parametrize(
    "state",
    [
        {"build": PackageBuild.READY},
        {"build": PackageBuild.FAILED},
        {"build": PackageBuild.QUEUED},  # its task waits in the queue, which survives restarts
        {"used_at": timezone.now()},
        {"expires_at": timezone.now()},
    ],
    ids=["ready", "failed", "queued", "used", "expired"],
)
def test_links_not_being_made_are_never_touched(
    world: World, queued: Callable[[], list[int]], state: dict[str, Any]
) -> None:
    signed, link = _link(world)
    before = queued()  # the link's own build, still waiting
    _dying(link, silent=timedelta(days=2), **state)
    row = PackageLink.objects.filter(pk=link.pk).values().get()
    assert package_builds_recover() == {"retried": 0, "failed": 0}
    Client().get(f"/verzoeken/download/{signed}/")  # 404 for used and expired links
    assert PackageLink.objects.filter(pk=link.pk).values().get() == row
    assert queued() == before
    assert not AuditEvent.objects.filter(action__startswith="requests.package.build_").exists()
