"""Shared set-up of the video tests: purposes and channels, a private storage in a temporary
folder, and one short real video (astronaut faces, a tone, a phone's metadata) uploaded by the
teacher of group A and processed, with pupil A and pupil C listed.

Speed (the whole CI must stay under 20 minutes): the expensive file work — cleaning an upload,
the poster, a blurred rendition — is a pure function of the file's bytes (and the limits or
options passed), so `media_memo` computes each distinct one for real once per session and hands
out copies of the result afterwards. Every test still goes through the same services, tasks and
checks; a test that asserts on a rendition looks at a real one made by the real code.
"""

import hashlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel
from schoolprivacy.photos.services import channels_install_defaults, event_create
from schoolprivacy.testing import factories
from schoolprivacy.videos import media, render
from schoolprivacy.videos.models import Video
from schoolprivacy.videos.services import video_process, video_upload


@pytest.fixture(autouse=True)
def photo_storage(settings: LazySettings, tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class MediaMemo:
    """Results of the file work per input, made once per session (see the module docstring)."""

    folder: Path
    cleaned: dict[tuple[str, int, int], media.CleanVideo]
    posters: dict[tuple[str, float], Path]
    renditions: dict[tuple[str, bool, int, int], tuple[Path, render.RenderStats, list[int]]]
    real_calls: int = 0


@pytest.fixture(scope="session")
def _media_memo_store(tmp_path_factory: pytest.TempPathFactory) -> MediaMemo:
    return MediaMemo(tmp_path_factory.mktemp("video-memo"), {}, {}, {})


@pytest.fixture(autouse=True)
def media_memo(monkeypatch: pytest.MonkeyPatch, _media_memo_store: MediaMemo) -> MediaMemo:
    memo = _media_memo_store
    real_ingest, real_poster, real_blur = media.ingest, render.poster, render.blur_every_face

    def ingest(source: Path, target_dir: Path) -> media.CleanVideo:
        limits = (
            media.setting_limit("VIDEO_MAX_BYTES", media.DEFAULT_MAX_BYTES),
            media.setting_limit("VIDEO_MAX_SECONDS", media.DEFAULT_MAX_SECONDS),
        )
        key = (_digest(source), *limits)
        if key not in memo.cleaned:  # refusals raise here, every time, and are not kept
            memo.real_calls += 1
            made = real_ingest(source, target_dir)
            kept = memo.folder / f"clean-{len(memo.cleaned)}{made.path.suffix}"
            shutil.copyfile(made.path, kept)
            memo.cleaned[key] = replace(made, path=kept)
        cached = memo.cleaned[key]
        target = target_dir / cached.path.name.replace(cached.path.stem, "clean")
        shutil.copyfile(cached.path, target)
        return replace(cached, path=target)

    def poster(source: Path, target: Path, *, at: float) -> None:
        key = (_digest(source), at)
        if key not in memo.posters:
            memo.real_calls += 1
            kept = memo.folder / f"poster-{len(memo.posters)}.jpg"
            real_poster(source, kept, at=at)
            memo.posters[key] = kept
        shutil.copyfile(memo.posters[key], target)

    def blur_every_face(
        source: Path,
        target: Path,
        *,
        mute: bool = False,
        progress: Callable[[int], None] | None = None,
        stride: int = render.STRIDE,
        max_side: int = render.DETECT_MAX_SIDE,
    ) -> render.RenderStats:
        key = (_digest(source), mute, stride, max_side)
        if key not in memo.renditions:
            memo.real_calls += 1
            kept = memo.folder / f"rendition-{len(memo.renditions)}.mp4"
            steps: list[int] = []
            stats = real_blur(
                source, kept, mute=mute, progress=steps.append, stride=stride, max_side=max_side
            )
            memo.renditions[key] = (kept, stats, steps)
        kept, stats, steps = memo.renditions[key]
        for percent in steps:  # the worker's progress reports, as the real run made them
            if progress is not None:
                progress(percent)
        shutil.copyfile(kept, target)
        return replace(stats)

    monkeypatch.setattr(media, "ingest", ingest)
    monkeypatch.setattr(render, "poster", poster)
    monkeypatch.setattr(render, "blur_every_face", blur_every_face)
    return memo


@pytest.fixture(scope="session")
def sample_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds, 10 frames a second, 320x240, two faces, sound, a phone's metadata."""
    path = tmp_path_factory.mktemp("videos") / "sportdag.mov"
    return make_video(path, size=(320, 240), face_height=70)


@dataclass
class VideoWorld:
    world: World
    video: Video
    website: Channel
    social_media: Channel
    website_purpose: Purpose
    social_purpose: Purpose
    pupil_c: Pupil


@pytest.fixture
def run_commit_hooks(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[[Callable[[], Any]], Any]:
    """Run `act` and then what it left for after the commit (the immediate task backend runs
    the tasks there), as the worker would."""

    def run(act: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return act()

    return run


@pytest.fixture
def videos(world: World, sample_video: Path) -> Iterator[VideoWorld]:
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )
    video = video_upload(actor=world.teacher, event=event, source=sample_video)
    video_process(video_id=video.pk)
    video.refresh_from_db()
    pupil_c = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    yield VideoWorld(
        world=world,
        video=video,
        website=Channel.objects.get(board=world.board, key="website"),
        social_media=Channel.objects.get(board=world.board, key="social_media"),
        website_purpose=Purpose.objects.get(board=world.board, key="website"),
        social_purpose=Purpose.objects.get(board=world.board, key="social_media"),
        pupil_c=pupil_c,
    )


def outbox() -> int:
    return handle_pending()
