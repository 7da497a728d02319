"""Uploaded exports wait sealed, are read through a short-lived plain copy, and are swept after
IMPORTS_PENDING_MINUTES whether or not anyone uploads again (issue 12, item 10)."""

import os
import time
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.imports import pending
from schoolprivacy.imports.tests.helpers import SAMPLES

StaffClient = Callable[[User], Client]


def _upload(client: Client, world: World) -> str:
    upload = SimpleUploadedFile("parnassys.csv", (SAMPLES / "parnassys.csv").read_bytes())
    response = client.post(
        reverse("imports:upload", args=[world.school_a.slug]),
        {"file": upload, "format_name": "auto"},
    )
    assert client.get(response["Location"]).status_code == 200  # the preview reads it
    return response["Location"].rstrip("/").split("/")[-1]


def test_an_uploaded_export_waits_sealed(world: World, staff_client: StaffClient) -> None:
    token = _upload(staff_client(world.administration), world)
    stored = (pending.directory() / token).read_bytes()
    assert stored.startswith(b"v1:")
    assert b"200000007" not in stored and b"Leerlingnummer" not in stored
    assert os.stat(pending.directory() / token).st_mode & 0o077 == 0
    # The preview's plain copy is gone once it has been read.
    assert [p.name for p in pending.directory().iterdir()] == [token]


def test_the_plain_copy_exists_only_while_it_is_read(world: World) -> None:
    path = pending.write("some-token", b"Leerlingnummer;BSN\n1;200000007\n")
    with pending.opened(path) as plain:
        assert plain.read_bytes() == b"Leerlingnummer;BSN\n1;200000007\n"
    assert not plain.exists() and path.exists()


def test_the_sweep_deletes_files_older_than_the_stated_time(world: World, settings) -> None:
    settings.IMPORTS_PENDING_MINUTES = 30
    old = pending.write("old", b"a;b\n")
    young = pending.write("young", b"a;b\n")
    thirty_one_minutes_ago = time.time() - 31 * 60
    os.utime(old, (thirty_one_minutes_ago, thirty_one_minutes_ago))
    os.utime(young, (time.time() - 29 * 60, time.time() - 29 * 60))
    assert pending.sweep() == 1
    assert not old.exists() and young.exists()
