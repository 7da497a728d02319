"""The nightly net under the outbox covers videos as it covers photos (issue 20, decision 0048):
a withdrawal whose outbox effect was lost (a crash) is caught by the daily check, which blurs
or takes the video offline; the check schedules itself in the task worker; stored video files
that no row names are deleted past the safety age; expired videos go by `purge-videos`."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone, translation

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentEvent
from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.videos import storage
from schoolprivacy.videos.models import Video, VideoPublication, VideoTakedown
from schoolprivacy.videos.services import video_publish, video_pupils_set
from schoolprivacy.videos.sweep import video_publications_sweep
from schoolprivacy.videos.tasks import daily_check_schedule, recheck_video_publications_task
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.helpers import faces_per_frame, stored_path

pytestmark = pytest.mark.django_db
Hooks = Callable[[Callable[[], Any]], Any]
LATER = timedelta(hours=1, minutes=1)


def _live(v: VideoWorld, run: Hooks, channel: Any) -> VideoPublication:
    w = v.world
    video_pupils_set(actor=w.teacher, video=v.video, pupils=[w.pupil_a])
    outcome = run(lambda: video_publish(actor=w.teacher, video=v.video, channel=channel))
    assert outcome.status == "published"
    publication: VideoPublication = outcome.publication
    publication.refresh_from_db()
    return publication


def _withdraw_and_lose_the_outbox_effect(v: VideoWorld, purpose: Any) -> None:
    """The withdrawal is recorded, but its effect on videos is lost: the event counts as handled
    while nothing happened (a handler that crashed half-way in an older release, a path that
    forgot the videos)."""
    w = v.world
    grant(w.parent.guardian, w.pupil_a, purpose, decision="withdrawn")
    ConsentEvent.objects.filter(handled_at__isnull=True).update(handled_at=timezone.now())


def test_the_check_re_renders_a_video_whose_withdrawal_was_missed(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    publication = _live(videos, run_commit_hooks, videos.website)
    assert not publication.blurred
    assert video_publications_sweep(board=w.board).drift == 0  # in line: nothing to fix

    _withdraw_and_lose_the_outbox_effect(videos, videos.website_purpose)
    result = run_commit_hooks(lambda: video_publications_sweep(board=w.board))

    assert (result.checked, result.drift) == (1, 1)
    publication.refresh_from_db()
    assert (publication.version, publication.blurred, publication.render) == (2, True, "ready")
    assert faces_per_frame(stored_path(publication.rendition)) == [0] * 20
    takedown = VideoTakedown.objects.get()
    assert (takedown.change, takedown.cause) == ("reblurred", "check")
    event = AuditEvent.objects.filter(action="videos.publications.checked").latest("pk")
    assert event.context == {"checked": 1, "drift": 1}
    # A second check finds it in line: fixed once.
    assert run_commit_hooks(lambda: video_publications_sweep(board=w.board)).drift == 0
    assert VideoPublication.objects.get().version == 2


def test_the_command_takes_a_video_offline_in_a_blocking_channel_and_reports_drift(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    w.director.email = "directeur@example.nl"
    w.director.save(update_fields=["email"])
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose)
    publication = _live(videos, run_commit_hooks, videos.social_media)
    _withdraw_and_lose_the_outbox_effect(videos, videos.social_purpose)
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 video publications"):
        run_commit_hooks(
            lambda: call_command("recheck_video_publications", "--fail-on-drift", stdout=out)
        )

    assert "live video publications checked: 1; fixed: 1." in out.getvalue()
    publication.refresh_from_db()
    assert (publication.status, publication.withdrawn_reason, publication.rendition) == (
        "withdrawn",
        "check",
        "",
    )
    [message] = [m for m in mail.outbox if w.director.email in m.to]
    assert "Sportdag" in message.body and w.pupil_a.first_name not in message.body


def test_the_nightly_task_is_the_check(videos: VideoWorld, run_commit_hooks: Hooks) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose)
    publication = _live(videos, run_commit_hooks, videos.social_media)
    _withdraw_and_lose_the_outbox_effect(videos, videos.social_purpose)
    assert run_commit_hooks(recheck_video_publications_task.call) == 1
    publication.refresh_from_db()
    assert publication.status == "withdrawn"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_daily_check_of_videos_is_queued_once_on_the_database_backend() -> None:
    from django_tasks_db.models import DBTaskResult

    assert daily_check_schedule() is True
    assert daily_check_schedule() is False
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="recheck_video_publications_task")
    assert queued.run_after > queued.enqueued_at


def _orphans(board_id: int, folder: Path) -> list[str]:
    """What a killed upload, poster and rendition leave: files without a row."""
    leftover = folder / "leftover.mp4"
    leftover.write_bytes(b"killed before its commit")
    return [
        storage.store_file(kind, board_id, "mp4", leftover)
        for kind in ("videos", "posters", "video-renditions")
    ]


def test_purge_videos_deletes_files_no_row_names_once_past_the_safety_age(
    videos: VideoWorld, run_commit_hooks: Hooks, tmp_path: Path
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    publication = _live(videos, run_commit_hooks, videos.website)
    kept = [videos.video.original, videos.video.poster, publication.rendition]
    orphans = _orphans(w.board.pk, tmp_path)
    exists = photo_storage().exists

    with translation.override("en"):
        young = StringIO()
        call_command("purge_videos", stdout=young)  # an upload may still be on its way in
        assert "0 stored files without a video deleted." in young.getvalue()
        assert all(exists(name) for name in orphans)
        with time_machine.travel(timezone.now() + LATER):
            out = StringIO()
            call_command("purge_videos", stdout=out)

    assert "3 stored files without a video deleted." in out.getvalue()
    assert not any(exists(name) for name in orphans)
    assert all(exists(name) for name in kept)
    (event,) = AuditEvent.objects.filter(action="videos.orphans.deleted")
    assert event.context == {"files": 3}  # counts only, never a name


def test_purge_videos_deletes_a_video_whose_purpose_has_ended(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    register_install_defaults(board=w.board, actor_id=None)
    files = [stored_path(videos.video.original), stored_path(videos.video.poster)]
    with translation.override("en"), time_machine.travel(timezone.now() + timedelta(days=800)):
        out = StringIO()
        run_commit_hooks(lambda: call_command("purge_videos", stdout=out))
    assert f"{w.board.name}: 1 video deleted." in out.getvalue()
    assert not Video.objects.exists()
    assert not any(path.exists() for path in files)
