"""purge-photos deletes stored files that no row points at, once past the safety age (12.7).

An upload killed between writing its file and committing its row leaves exactly such a file;
`storage.store` without a row is what it leaves, on disk and in S3 alike.
"""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.photos import storage
from schoolprivacy.photos.orphans import orphans_sweep
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import upload
from schoolprivacy.photos.tests.test_s3_storage import s3  # noqa: F401 - the moto S3 fixture

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=1, minutes=1)


def _exists(name: str) -> bool:
    return storage.photo_storage().exists(name)


def _leftovers(world) -> tuple[str, str]:
    """What a killed upload and a killed re-render leave: files without a row."""
    original = storage.store("originals", world.board.pk, "jpg", b"killed before its commit")
    rendition = storage.store("renditions", world.board.pk, "jpg", b"killed re-render")
    return original, rendition


@pytest.fixture(params=["local", "s3"])
def photo_storage_kind(request) -> str:
    if request.param == "s3":
        request.getfixturevalue("s3")
    return request.param


def test_orphans_past_the_safety_age_are_deleted_and_photos_kept(world, photo_storage_kind):
    photo = upload(world, samples.astronaut_jpeg())
    original, rendition = _leftovers(world)

    with time_machine.travel(timezone.now() + LATER), translation.override("en"):
        out = StringIO()
        call_command("purge_photos", stdout=out)

    assert not _exists(original)
    assert not _exists(rendition)
    assert _exists(photo.original)
    assert "2 stored files without a photo deleted." in out.getvalue()
    # Counts only: neither the log nor the audit event names a file.
    (event,) = AuditEvent.objects.filter(action="photos.orphans.deleted")
    assert event.context == {"files": 2}
    assert event.chain == world.board.pk
    assert original not in str(event.__dict__)


def test_a_file_younger_than_the_safety_age_is_left_alone(world, photo_storage_kind):
    original, rendition = _leftovers(world)
    result = orphans_sweep()
    assert (result.deleted, result.too_new) == (0, 2)
    assert _exists(original)
    assert _exists(rendition)


def test_a_dry_run_only_counts(world, photo_storage_kind):
    original, _rendition = _leftovers(world)
    with time_machine.travel(timezone.now() + LATER):
        out = StringIO()
        call_command("purge_photos", "--dry-run", stdout=out)
    # Dutch by default, like the rest of the product.
    assert "2 opgeslagen bestanden zonder foto zouden worden verwijderd." in out.getvalue()
    assert _exists(original)
    assert not AuditEvent.objects.filter(action="photos.orphans.deleted").exists()


def test_an_empty_storage_is_no_error(db: Any, photo_storage_kind):
    assert orphans_sweep().deleted == 0
