"""Shared set-up of the video tests: purposes and channels, a private storage in a temporary
folder, and one short real video (astronaut faces, a tone, a phone's metadata) uploaded by the
teacher of group A and processed, with pupil A and pupil C listed."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
