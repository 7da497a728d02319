"""Keeping the uploaded file is the user's choice, off by default (issue 5 §4)."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.imports import kept, pending
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.tests.helpers import SAMPLES

StaffClient = Callable[[User], Client]
SAMPLE = SAMPLES / "parnassys.csv"


def _confirm(client: Client, world: World, **extra: str) -> ImportRun:
    upload = SimpleUploadedFile("1001 200000007.csv", SAMPLE.read_bytes())
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto", **extra},
    )
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("imports:confirm", args=[world.school_a.slug, token]))
    assert not (pending.directory() / token).exists()
    return ImportRun.objects.get()


def _kept_files() -> list[Path]:
    root = Path(settings.VAR_DIR) / "imports-kept"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_by_default_the_file_is_not_kept(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.administration)
    run = _confirm(client, world)
    assert run.status == ImportRun.Status.DONE and not run.file_kept
    assert _kept_files() == []
    page = client.get(reverse("imports:run", args=[world.school_a.slug, run.pk]))
    assert "The uploaded file has been deleted." in page.content.decode()


def test_the_file_is_kept_encrypted_when_asked(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.administration)
    run = _confirm(client, world, keep_file="on")
    assert run.file_kept
    path = kept.path_for(world.school_a.board_id, run.pk)
    # Named after the board and the run, never after the upload's name, a pupil or a number.
    assert _kept_files() == [path]
    assert path.relative_to(Path(settings.VAR_DIR) / "imports-kept").parts == (
        str(world.school_a.board_id),
        str(run.pk),
    )
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert b"200000007" not in path.read_bytes() and b"Vries" not in path.read_bytes()
    assert kept.read(path) == SAMPLE.read_bytes()
    page = client.get(reverse("imports:run", args=[world.school_a.slug, run.pk]))
    assert "The uploaded file has been kept, as you asked." in page.content.decode()


def test_the_command_keeps_a_copy_only_with_keep_file(world: World) -> None:
    call_command("import_las", str(SAMPLE), school=world.school_a.brin, stdout=StringIO())
    assert not ImportRun.objects.get().file_kept and _kept_files() == []
    out = StringIO()
    call_command("import_las", str(SAMPLE), school=world.school_a.brin, keep_file=True, stdout=out)
    run = ImportRun.objects.latest("pk")
    assert run.file_kept and f"import run {run.pk}" in out.getvalue()
    assert kept.read(kept.path_for(world.school_a.board_id, run.pk)) == SAMPLE.read_bytes()
    assert SAMPLE.is_file()  # the user's own file is copied, not moved
