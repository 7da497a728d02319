"""The upload page: preview first, then confirm; only administration of the school gets in."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.imports import pending
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people.models import Pupil

StaffClient = Callable[[User], Client]


def _upload(client: Client, world: World, name: str = "parnassys.csv", **extra: str) -> str:
    upload = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto", **extra},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_administration_previews_then_confirms(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.administration)
    assert client.get(reverse("imports:index")).status_code == 302
    assert client.get(reverse("imports:upload", args=[world.school_a.slug])).status_code == 200
    preview_url = _upload(client, world)
    page = client.get(preview_url).content.decode()
    assert "1001" in page and "200000007" not in page  # the education number is never shown
    assert not Pupil.objects.filter(external_id="1001").exists()
    token = preview_url.rstrip("/").split("/")[-1]
    path = pending.directory() / token
    assert path.is_file()
    done = client.post(reverse("imports:confirm", args=[world.school_a.slug, token]))
    # The task ran inline (ImmediateBackend), so the status page already shows the result.
    run = ImportRun.objects.get()
    assert done["Location"] == reverse("imports:run", args=[world.school_a.slug, run.pk])
    page = client.get(done["Location"]).content.decode()
    assert "Import finished" in page and 'http-equiv="refresh"' not in page
    assert "200000007" not in page and "1001" not in page
    assert run.status == ImportRun.Status.DONE and run.counts["created"] == 4
    assert (run.requested_by, run.school, run.board) == (
        world.administration,
        world.school_a,
        world.school_a.board,
    )
    assert Pupil.objects.filter(school=world.school_a, external_id="1001").exists()
    assert not path.exists()  # the file is not kept
    assert client.get(preview_url).status_code == 404


def test_a_file_with_problems_cannot_be_confirmed(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.administration)
    page = client.get(_upload(client, world, "ugly.csv")).content.decode()
    assert "is not an existing date" in page
    assert "/cancel/" in page and "/confirm/" not in page


def test_cancel_deletes_the_file(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.administration)
    token = _upload(client, world).rstrip("/").split("/")[-1]
    client.post(reverse("imports:cancel", args=[world.school_a.slug, token]))
    assert not (pending.directory() / token).exists()


@pytest.mark.parametrize("persona", ["teacher", "teacher_b", "other_board_staff", "director"])
def test_other_staff_get_404(world: World, staff_client: StaffClient, persona: str) -> None:
    client = staff_client(getattr(world, persona))
    assert client.get(reverse("imports:upload", args=[world.school_a.slug])).status_code == 404


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority"])
def test_parents_get_404(
    world: World, parent_client: Callable[[User], Client], persona: str
) -> None:
    client = parent_client(getattr(world, persona))
    assert client.get(reverse("imports:upload", args=[world.school_a.slug])).status_code == 404
    assert client.get(reverse("imports:index")).status_code == 404


def test_another_user_cannot_use_someone_elses_preview(
    world: World, staff_client: StaffClient
) -> None:
    token = _upload(staff_client(world.administration), world).rstrip("/").split("/")[-1]
    for persona in ("teacher", "other_board_staff", "administration"):
        # A new session, even of the same person, does not know the token.
        other = staff_client(getattr(world, persona))
        assert (
            other.get(reverse("imports:preview", args=[world.school_a.slug, token])).status_code
            == 404
        )
        assert (
            other.post(reverse("imports:confirm", args=[world.school_a.slug, token])).status_code
            == 404
        )
    assert (pending.directory() / token).exists()


def test_administration_cannot_import_into_another_school(
    world: World, staff_client: StaffClient
) -> None:
    client = staff_client(world.administration)
    upload = SimpleUploadedFile("x.csv", (SAMPLES / "parnassys.csv").read_bytes())
    response = client.post(reverse("imports:upload", args=[world.school_b.slug]), {"file": upload})
    assert response.status_code == 404
    assert not Pupil.objects.filter(external_id="1001").exists()


def test_the_preview_names_changed_fields_as_people_know_them(
    world: World, staff_client: StaffClient
) -> None:
    client = staff_client(world.administration)
    client.post(
        reverse("imports:confirm", args=[world.school_a.slug, _token(_upload(client, world))])
    )
    changed = (
        (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig").replace(";Vries;", ";Visser;")
    )
    upload = SimpleUploadedFile("parnassys.csv", changed.encode("utf-8-sig"))
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "<td>Surname</td>" in page and "<td>surname</td>" not in page


def _token(preview_url: str) -> str:
    return preview_url.rstrip("/").split("/")[-1]
