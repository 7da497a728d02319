"""An upload is checked by its content and stored without a phone's metadata."""

from pathlib import Path

import numpy as np
import pytest
from django.conf import LazySettings

from schoolprivacy.conftest import World
from schoolprivacy.demo.video_samples import PHONE_METADATA, SECRETS
from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.videos import media
from schoolprivacy.videos.models import Video
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.helpers import stored_path

pytestmark = pytest.mark.django_db


def test_the_sample_really_carries_a_phones_metadata(sample_video: Path) -> None:
    found = media.probe(sample_video).metadata
    assert found["com.apple.quicktime.model"] == PHONE_METADATA["model"]
    assert all(secret in sample_video.read_bytes() for secret in SECRETS)


def test_gps_device_and_creation_time_are_gone_from_the_stored_original(
    videos: VideoWorld,
) -> None:
    path = stored_path(videos.video.original)
    found = media.probe(path).metadata
    assert not {k for k in found if "location" in k or "make" in k or "model" in k}
    assert "creation_time" not in found and "title" not in found
    data = path.read_bytes()
    assert [secret for secret in SECRETS if secret in data] == []


def test_the_frames_and_sound_are_kept(videos: VideoWorld, sample_video: Path) -> None:
    video = videos.video
    assert (video.container, video.video_codec, video.has_audio) == ("mp4", "h264", True)
    assert (video.width, video.height, video.frame_count) == (320, 240, 20)
    assert video.duration == pytest.approx(2.0, abs=0.05)


def test_processing_counts_faces_per_sampled_frame_and_makes_a_poster(
    videos: VideoWorld,
) -> None:
    video = videos.video
    assert video.processing == "ready"
    assert [count for _at, count in video.face_counts] == [2, 2]
    assert photo_storage().exists(video.poster)


def _upload(world: World, path: Path) -> Video:
    from datetime import date

    from schoolprivacy.photos.services import event_create
    from schoolprivacy.videos.services import video_upload

    event = event_create(
        actor=world.teacher, school=world.school_a, name="Musical", held_on=date(2026, 3, 1)
    )
    return video_upload(actor=world.teacher, event=event, source=path)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xff\xd8\xff\xe0 not a video at all" * 50, "not_a_video"),
        (b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n", "not_a_video"),
        (b"ffconcat version 1.0\nfile '/etc/passwd'\n", "not_a_video"),
    ],
)
def test_what_is_not_a_video_is_refused_and_nothing_is_stored(
    world: World, tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "sportdag.mp4"
    path.write_bytes(content)
    with pytest.raises(media.VideoRejected) as refused:
        _upload(world, path)
    assert refused.value.code == code
    assert not Video.objects.exists()


def test_a_video_longer_than_the_setting_is_refused(
    world: World, sample_video: Path, settings: LazySettings
) -> None:
    settings.VIDEO_MAX_SECONDS = 1
    with pytest.raises(media.VideoRejected) as refused:
        _upload(world, sample_video)
    assert refused.value.code == "too_long"


def test_a_video_larger_than_the_setting_is_refused(
    world: World, sample_video: Path, settings: LazySettings
) -> None:
    settings.VIDEO_MAX_BYTES = 1000
    with pytest.raises(media.VideoRejected) as refused:
        _upload(world, sample_video)
    assert refused.value.code == "too_large"


def test_webm_is_accepted_and_stays_webm(world: World, tmp_path: Path) -> None:
    from schoolprivacy.demo.video_samples import make_video

    path = make_video(tmp_path / "clip.webm", seconds=1, codec="libvpx", size=(160, 120))
    video = _upload(world, path)
    assert (video.container, video.video_codec, video.frame_count) == ("webm", "vp8", 10)
    assert SECRETS[0] not in stored_path(video.original).read_bytes()


def test_a_phone_video_held_upright_keeps_its_orientation(
    world: World, sample_video: Path, tmp_path: Path
) -> None:
    """Phones store upright video as landscape frames plus a rotation. Cleaning must keep the
    rotation (else it plays on its side), and decoding must read the turned frames at their
    turned size (else every frame is scrambled and the detector finds no face to blur)."""
    import subprocess

    rotated = tmp_path / "staand.mov"
    turn = ["-hide_banner", "-loglevel", "error", "-display_rotation:v:0", "90"]
    copy = ["-i", str(sample_video), "-map", "0", "-c", "copy", "-y", str(rotated)]
    made = subprocess.run([media.ffmpeg(), *turn, *copy], check=False)
    assert made.returncode == 0 and media.probe(rotated).rotation == 90
    video = _upload(world, rotated)
    path = stored_path(video.original)
    assert media.probe(path).rotation == 90
    assert [secret for secret in SECRETS if secret in path.read_bytes()] == []
    upright = next(media.frames(path))
    assert upright.shape == (320, 240, 3)
    lying = next(media.frames(sample_video))
    # The decoded frame is the original frame turned a quarter (ffmpeg's autorotate), up to
    # the codec's rounding: not a scramble of the same bytes.
    turned = np.rot90(lying, k=1)
    assert np.abs(upright.astype(int) - turned.astype(int)).mean() < 8
