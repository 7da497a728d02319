"""Videos in the parent's rights: the export of the inspection package, erasure (every face
blurred from then on, the original replaced by a blurred one) and retention as for photos."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.privacy_registry import DataSubject, erase_subject, export_subject
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.retention import videos_past_purpose, videos_purge
from schoolprivacy.videos.services import (
    video_publication_withdraw,
    video_publish,
    video_pupils_set,
)
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.helpers import faces_per_frame, stored_path

pytestmark = pytest.mark.django_db
Hooks = Callable[[Callable[[], Any]], Any]


def _published(v: VideoWorld, run: Hooks) -> VideoPublication:
    w = v.world
    grant(w.parent.guardian, w.pupil_a, v.website_purpose)
    video_pupils_set(actor=w.teacher, video=v.video, pupils=[w.pupil_a])
    outcome = run(lambda: video_publish(actor=w.teacher, video=v.video, channel=v.website))
    publication: VideoPublication = outcome.publication
    publication.refresh_from_db()
    return publication


def test_the_export_lists_the_videos_and_where_they_were_published(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    _published(videos, run_commit_hooks)
    exported = export_subject(DataSubject.of(videos.world.pupil_a))
    rows = [r for r in exported["pupil.image"] if r["source"] == "videos.Video"]
    assert [r["id"] for r in rows] == [videos.video.pk]
    [publication] = rows[0]["fields"]["publications"]
    assert (publication["channel"], publication["faces_blurred"]) == ("Website", False)


def test_erasure_blurs_every_face_in_the_original_and_the_live_publication(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    publication = _published(videos, run_commit_hooks)
    old = stored_path(videos.video.original)
    run_commit_hooks(
        lambda: erase_subject(DataSubject.of(videos.world.pupil_a), actor_id=None, dry_run=False)
    )
    video = Video.objects.get()
    assert video.faces_erased and not video.appearances.exists()
    assert not old.exists()
    assert faces_per_frame(stored_path(video.original)) == [0] * 20
    publication.refresh_from_db()
    assert (publication.version, publication.blurred, publication.render) == (2, True, "ready")
    assert faces_per_frame(stored_path(publication.rendition)) == [0] * 20


def test_videos_are_kept_while_published_and_deleted_after_their_purpose(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    video = videos.video
    assert videos_past_purpose(w.board).rule_code == ""  # without a register, keep everything
    register_install_defaults(board=w.board, actor_id=None)
    later = date(video.event.held_on.year + 1, 8, 15)
    publication = _published(videos, run_commit_hooks)
    assert videos_past_purpose(w.board, on=later).video_ids == []  # still published
    video_publication_withdraw(actor=w.teacher, publication=publication)
    plan = videos_past_purpose(w.board, on=max(later, date.today() + timedelta(days=1)))
    assert plan.video_ids == [video.pk]
    files = [stored_path(video.original), stored_path(video.poster)]
    count = run_commit_hooks(
        lambda: videos_purge(
            board=w.board, actor_id=None, on=date.today() + timedelta(days=400), dry_run=False
        )
    )
    assert count == 1 and not Video.objects.exists()
    assert not any(path.exists() for path in files)
