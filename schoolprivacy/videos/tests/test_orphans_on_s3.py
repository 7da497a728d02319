"""The video orphan sweep on S3 (moto), as on the local disk: files no row names go once past
the safety age, a file younger than that (an upload whose row has not committed yet) and every
file a row names stay."""

from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.photos.tests.test_s3_storage import BUCKET, s3  # noqa: F401 - moto fixture
from schoolprivacy.videos.orphans import video_orphans_sweep
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.test_daily_sweep import LATER, _orphans

pytestmark = pytest.mark.django_db


def test_orphans_on_s3_go_and_named_or_young_files_stay(
    s3: Any,  # noqa: F811 - the fixture, first: the video is stored on S3
    videos: VideoWorld,
    tmp_path: Path,
) -> None:
    video = videos.video
    kept = [video.original, video.poster]
    stored = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert set(kept) <= stored  # on S3, not on the local disk
    orphans = _orphans(videos.world.board.pk, tmp_path)
    exists = photo_storage().exists

    young = video_orphans_sweep()
    assert (young.deleted, young.too_new) == (0, 3)
    with time_machine.travel(timezone.now() + LATER):
        swept = video_orphans_sweep()
    assert swept.deleted == 3
    assert not any(exists(name) for name in orphans)
    assert all(exists(name) for name in kept)
