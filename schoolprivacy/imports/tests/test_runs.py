"""The status page of a queued import: progress, the result, a failure, and who may see it."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.imports import pending
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.tasks import progress_path
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people.models import Pupil

StaffClient = Callable[[User], Client]


def _preview_token(client: Client, world: World, name: str = "parnassys.csv") -> str:
    upload = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto"},
    )
    token: str = response["Location"].rstrip("/").split("/")[-1]
    assert client.get(response["Location"]).status_code == 200
    return token


def _run(world: World, status: str = ImportRun.Status.DONE) -> ImportRun:
    school = world.school_a
    return ImportRun.objects.create(
        board=school.board, school=school, requested_by=world.administration, status=status
    )


def test_a_running_import_shows_progress_and_refreshes(
    world: World, staff_client: StaffClient
) -> None:
    run = _run(world, ImportRun.Status.RUNNING)
    run.rows_total = 5000
    run.save()
    progress_path(run.pk).write_text("2000")
    url = reverse("imports:run", args=[world.school_a.slug, run.pk])
    client = staff_client(world.administration)
    page = client.get(url).content.decode()
    # Reloading by itself only when asked to (WCAG 2.2.1); the link asks.
    assert 'http-equiv="refresh"' not in page and f'href="{url}?auto=1"' in page
    page = client.get(url, {"auto": "1"}).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "2000 of 5000 rows" in page
    assert '<progress id="import-progress" max="5000" value="2000">' in page
    assert '<label for="import-progress">' in page


def test_a_file_that_became_invalid_fails_and_changes_nothing(
    world: World, staff_client: StaffClient
) -> None:
    client = staff_client(world.administration)
    token = _preview_token(client, world)
    # Changed on disk after the preview: the required pupil-number column is gone.
    pending.write(token, b"Roepnaam;Achternaam\nSem;Vries\n")
    response = client.post(reverse("imports:confirm", args=[world.school_a.slug, token]))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.error == ImportRun.Error.UNREADABLE
    assert run.finished_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and 'role="alert"' in page
    assert (
        'http-equiv="refresh"'
        not in client.get(response["Location"], {"auto": "1"}).content.decode()
    )
    assert not Pupil.objects.filter(school=world.school_a, external_id="1001").exists()
    assert not (pending.directory() / token).exists()


def test_a_file_with_problems_at_confirmation_is_blocked(
    world: World, staff_client: StaffClient
) -> None:
    client = staff_client(world.administration)
    token = _preview_token(client, world)
    pending.write(token, (SAMPLES / "ugly.csv").read_bytes())
    client.post(reverse("imports:confirm", args=[world.school_a.slug, token]))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.error == ImportRun.Error.BLOCKED
    assert run.counts["problems"] > 0
    assert all(isinstance(v, int) for v in run.counts.values())  # numbers only
    assert not Pupil.objects.filter(school=world.school_a, external_id="1001").exists()


@pytest.mark.parametrize("persona", ["teacher", "teacher_b", "other_board_staff", "director"])
def test_others_get_404_for_a_run(world: World, staff_client: StaffClient, persona: str) -> None:
    run = _run(world)
    url = reverse("imports:run", args=[world.school_a.slug, run.pk])
    assert staff_client(getattr(world, persona)).get(url).status_code == 404


def test_a_run_is_not_found_under_another_school(world: World, staff_client: StaffClient) -> None:
    run = _run(world)
    client = staff_client(world.administration)
    assert client.get(reverse("imports:run", args=[world.school_a.slug, run.pk])).status_code == 200
    assert client.get(reverse("imports:run", args=[world.school_b.slug, run.pk])).status_code == 404
    missing = reverse("imports:run", args=[world.school_a.slug, run.pk + 1])
    assert client.get(missing).status_code == 404


def test_parents_get_404_for_a_run(world: World, parent_client: Callable[[User], Client]) -> None:
    run = _run(world)
    url = reverse("imports:run", args=[world.school_a.slug, run.pk])
    assert parent_client(world.parent).get(url).status_code == 404
