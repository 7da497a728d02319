"""Fuzzing the video upload (issue 18.5): a clear refusal, nothing left over.

A small real MP4 or WebM is cut short, spliced with random bytes or bit-flipped; other inputs
start like a playlist, a concat script, a HEIC or a JPEG, or are random bytes. `video_upload`
either stores a clean video or refuses with `VideoRejected` and a message for people (Dutch or
English), leaving no row, no audit event and no file. Every example runs ffprobe and ffmpeg, so
the run is kept small.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.photos.services import event_create
from schoolprivacy.videos.media import VideoRejected
from schoolprivacy.videos.models import Video
from schoolprivacy.videos.services import video_upload

pytestmark = pytest.mark.django_db

STARTS = [
    b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n",
    b"ffconcat version 1.0\nfile '/etc/passwd'\n",
    b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41",
    b"\x1aE\xdf\xa3",
    b"\xff\xd8\xff\xe0",
]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("video-samples")
    made = {
        "mp4": make_video(
            folder / "a.mp4", seconds=0.6, size=(64, 48), fps=5, faces=1, face_height=20
        ),
        "webm": make_video(
            folder / "a.webm",
            seconds=0.6,
            size=(64, 48),
            fps=5,
            faces=1,
            face_height=20,
            codec="libvpx-vp9",
        ),
    }
    return {name: path.read_bytes() for name, path in made.items()}


@st.composite
def uploads(draw: st.DrawFn, samples: dict[str, bytes]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["mp4", "webm", "mp4", "start", "bytes"]))
    if kind == "start":
        return ".mp4", draw(st.sampled_from(STARTS)) + draw(st.binary(max_size=64))
    if kind == "bytes":
        return ".mov", draw(st.binary(max_size=256))
    content = samples[kind]
    at = draw(st.integers(0, len(content) - 1))
    how = draw(st.sampled_from(["none", "cut", "splice", "flip"]))
    if how == "cut":
        content = content[:at]
    elif how == "splice":
        content = content[:at] + draw(st.binary(min_size=1, max_size=32)) + content[at:]
    elif how == "flip":
        content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
    return f".{kind}", content


def _stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_any_video_upload_is_stored_or_refused_clearly_leaving_nothing(
    world, photo_storage, samples, tmp_path
):
    photo_event = event_create(
        actor=world.teacher, school=world.school_a, name="Musical", held_on=date(2026, 3, 1)
    )

    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(upload=uploads(samples), language=st.sampled_from(["nl", "en"]))
    def upload_once(upload, language):
        suffix, content = upload
        path = tmp_path / f"upload{suffix}"
        path.write_bytes(content)
        before = (Video.objects.count(), AuditEvent.objects.count(), _stored_files(photo_storage))
        with translation.override(language):
            try:
                video = video_upload(actor=world.teacher, event=photo_event, source=path)
            except VideoRejected as refusal:
                event(f"refused: {refusal.code}")
                outcomes[f"refused: {refusal.code}"] += 1
                assert refusal.message.strip()
                after = (
                    Video.objects.count(),
                    AuditEvent.objects.count(),
                    _stored_files(photo_storage),
                )
                assert after == before
                return
        event(f"stored: {video.container}")
        outcomes["stored"] += 1
        assert len(_stored_files(photo_storage) - before[2]) == 1

    outcomes: Counter[str] = Counter()
    upload_once()
    print(f"video fuzz: {dict(outcomes)}")
    # Both ways out were taken, or the run proved little.
    assert outcomes["stored"] and sum(outcomes.values()) > outcomes["stored"]
