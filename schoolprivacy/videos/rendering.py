"""Making the files of video publications, in the task worker, outside any long transaction.

Files go to their own folders of the photo storage (`video-renditions/`, `videos/`, `posters/`):
the photos' orphan sweep lists only `originals/` and `renditions/` and would take a video's file
for an orphan there.

The file is made first (minutes for a long video blurred), then a short transaction checks that
the publication is still live at the same version and points it at the file; otherwise the file
is thrown away. So a withdrawal during rendering always wins, and progress is visible to staff
while the worker runs.
"""

import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import VIDEO, VIDEO_PUBLICATION
from schoolprivacy.videos import render, storage
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.withdrawal import video_lock

Render = VideoPublication.Render


def _progress(publication_id: int, version: int, percent: int) -> None:
    VideoPublication.objects.filter(pk=publication_id, version=version).update(progress=percent)


def publication_render_run(*, publication_id: int, version: int) -> str:
    """Make the file of this version. Returns "ready", "skipped" or raises (then "failed")."""
    publication = (
        VideoPublication.objects.select_related("video")
        .filter(pk=publication_id, version=version, status=VideoPublication.Status.LIVE)
        .exclude(render=Render.READY)
        .first()
    )
    if publication is None:
        return "skipped"
    this_version = VideoPublication.objects.filter(pk=publication_id, version=version)
    this_version.update(render=Render.RENDERING, progress=0)
    video = publication.video
    try:
        with (
            storage.local_path(video.original) as source,
            tempfile.TemporaryDirectory(prefix="video-render-") as folder,
        ):
            if publication.blurred:
                made = Path(folder) / "rendition.mp4"
                render.blur_every_face(
                    source,
                    made,
                    mute=publication.muted,
                    progress=lambda percent: _progress(publication_id, version, percent),
                )
            elif publication.muted:
                made = Path(folder) / f"rendition.{video.container}"
                render.copy_without_sound(source, made)
            else:
                # Everyone listed consented: the cleaned original, byte for byte.
                made = Path(folder) / f"rendition.{video.container}"
                shutil.copyfile(source, made)
            name = storage.store_file(
                "video-renditions", video.board_id, made.suffix.lstrip("."), made
            )
    except Exception:
        this_version.update(render=Render.FAILED)
        raise
    with transaction.atomic():
        video_lock(video.pk)
        current = (
            VideoPublication.objects.select_for_update()
            .filter(pk=publication_id, version=version, status=VideoPublication.Status.LIVE)
            .first()
        )
        if current is None:  # withdrawn or re-blurred meanwhile: this file is not wanted
            storage.remove_after_commit(name)
            return "skipped"
        storage.remove_after_commit(current.rendition)
        current.rendition = name
        current.render = Render.READY
        current.progress = 100
        current.rendered_at = timezone.now()
        current.save(update_fields=["rendition", "render", "progress", "rendered_at"])
        audit_record(
            action="videos.publication.rendered",
            board_id=current.board_id,
            actor_id=None,
            subjects=[Subject(VIDEO_PUBLICATION, current.pk)],
            context={"version": version, "blurred": current.blurred},
            channel="task",
        )
    return "ready"


def original_blur(*, video_id: int) -> bool:
    """Replace the stored original of a video whose pupil data was erased by a copy with every
    face blurred (erasure: blurred for good; the sound stays, it is not `pupil.image`)."""
    video = Video.objects.filter(pk=video_id, faces_erased=True).first()
    if video is None:
        return False
    old = video.original
    with (
        storage.local_path(old) as source,
        tempfile.TemporaryDirectory(prefix="video-erase-") as folder,
    ):
        made = Path(folder) / "original.mp4"
        render.blur_every_face(source, made, mute=False)
        name = storage.store_file("videos", video.board_id, "mp4", made)
    with transaction.atomic():
        video_lock(video.pk)
        updated = Video.objects.filter(pk=video.pk, original=old).update(
            original=name, container="mp4", video_codec="h264"
        )
        storage.remove_after_commit(old if updated else name)
        if updated:
            audit_record(
                action="videos.video.blurred",
                board_id=video.board_id,
                actor_id=None,
                subjects=[Subject(VIDEO, video.pk)],
                channel="task",
            )
    return bool(updated)
