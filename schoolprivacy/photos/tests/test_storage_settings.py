"""Where photos are stored: private by default, and clear errors for a bad configuration."""

import pytest
from django.core.files.base import ContentFile

from schoolprivacy.lib.tests.test_settings_start_up import run
from schoolprivacy.photos.storage import photo_storage


def test_local_photos_have_no_url(settings: object) -> None:
    name = photo_storage().save("originals/1/x.jpg", ContentFile(b"not served"))
    with pytest.raises(ValueError, match="not accessible via a URL"):
        photo_storage().url(name)


def test_an_unknown_photo_storage_is_refused(tmp_path: object) -> None:
    result = run(tmp_path, "check", SCHOOLPRIVACY_MODE="demo", PHOTO_STORAGE="dropbox")  # type: ignore[arg-type]
    assert result.returncode == 2
    assert "PHOTO_STORAGE" in result.stderr


def test_s3_needs_its_extra_and_a_bucket(tmp_path: object) -> None:
    result = run(tmp_path, "check", SCHOOLPRIVACY_MODE="demo", PHOTO_STORAGE="s3")  # type: ignore[arg-type]
    assert result.returncode == 2
    # Without the optional package the operator is told what to install; with it, the bucket.
    assert "schoolprivacy[s3]" in result.stderr or "PHOTO_S3_BUCKET" in result.stderr
