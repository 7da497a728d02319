"""Writes of the videos: `<noun>_<verb>(*, ...)`, in a transaction, audited.

Audit events name videos, publications and pupils by ID and never hold a frame, a name or a
file name. Publishing runs the gate (videos/gate.py) under the same locks as photos (decision
0016: video row, publication, channel, pupils, purposes) and records the consent it relied on
in the same transaction; the file itself is made by the task worker afterwards, and the public
address answers only once it is ready.
"""

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import VIDEO, VIDEO_PUBLICATION
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel, PhotoEvent, Publication
from schoolprivacy.videos import media, selectors, storage
from schoolprivacy.videos.gate import VideoGate, evaluate
from schoolprivacy.videos.models import (
    Video,
    VideoPublication,
    VideoPupil,
    VideoTakedown,
)
from schoolprivacy.videos.withdrawal import (
    evidence_record,
    lock_for_gate,
    publications_recheck,
    render_enqueue,
    video_lock,
)


def video_upload(*, actor: User, event: PhotoEvent, source: Path, channel: str = "web") -> Video:
    """Check, clean (all metadata dropped) and store one video of the event.

    Raises media.VideoRejected for anything that is not a real MP4/MOV/WebM video within the
    limits; nothing is stored then. Faces are counted and the poster made by a task after the
    commit.
    """
    if not selectors.video_schools(actor).filter(pk=event.school_id).exists():
        raise PermissionDenied
    with tempfile.TemporaryDirectory(prefix="video-upload-") as folder:
        clean = media.ingest(source, Path(folder))
        with (
            storage.stored_file("videos", event.board_id, clean.container, clean.path) as name,
            transaction.atomic(),
        ):
            video = Video.objects.create(
                board_id=event.board_id,
                school_id=event.school_id,
                event=event,
                original=name,
                container=clean.container,
                video_codec=clean.video_codec,
                has_audio=clean.has_audio,
                width=clean.width,
                height=clean.height,
                duration=round(clean.duration, 3),
                frame_count=clean.frame_count,
                frame_rate=clean.frame_rate,
                size_bytes=clean.size_bytes,
                uploaded_by=actor,
            )
            audit_record(
                action="videos.video.uploaded",
                board_id=event.board_id,
                actor_id=actor.pk,
                subjects=[Subject(VIDEO, video.pk)],
                context={"format": clean.container, "seconds": round(clean.duration)},
                channel=channel,
            )
            transaction.on_commit(lambda: _enqueue_processing(video.pk))
    return video


def _enqueue_processing(video_id: int) -> None:
    from schoolprivacy.videos.tasks import process_video_task

    process_video_task.enqueue(video_id)


def video_process(*, video_id: int) -> int:
    """Count the faces in sampled frames and make the poster (the background task).

    Idempotent: a processed video is left alone. Returns the most faces in one sampled frame.
    """
    from schoolprivacy.videos import render

    video = Video.objects.filter(pk=video_id, processing="pending").first()
    if video is None:
        return 0
    try:
        with storage.local_path(video.original) as path, tempfile.TemporaryDirectory() as folder:
            rate = media.sample_rate(video.duration)
            counts = [
                [at, len(render.detect(frame))]
                for at, frame in zip(
                    media.frame_times(video.duration, rate),
                    media.frames(path, fps=rate),
                    strict=False,
                )
            ]
            poster = Path(folder) / "poster.jpg"
            render.poster(path, poster, at=min(1.0, video.duration / 2))
            poster_name = storage.store_file("posters", video.board_id, "jpg", poster)
    except Exception:
        Video.objects.filter(pk=video.pk).update(processing="failed", processed_at=timezone.now())
        raise
    with transaction.atomic():
        locked = Video.objects.select_for_update().filter(pk=video.pk, processing="pending")
        if not locked.exists():
            storage.remove_after_commit(poster_name)
            return 0
        locked.update(
            processing="ready",
            processed_at=timezone.now(),
            face_counts=counts,
            poster=poster_name,
        )
        audit_record(
            action="videos.video.processed",
            board_id=video.board_id,
            actor_id=None,
            subjects=[Subject(VIDEO, video.pk)],
            context={"samples": len(counts), "most_faces": max((c for _t, c in counts), default=0)},
            channel="task",
        )
    return int(max((c for _t, c in counts), default=0))


@transaction.atomic
def video_pupils_set(
    *, actor: User, video: Video, pupils: Sequence[Pupil], channel: str = "web"
) -> Video:
    """Say who appears in the video: every pupil the actor may list (empty means nobody).
    Every pupil must be one the actor may see at the video's school, as for tagging photos;
    pupils listed by someone else that the actor may not see stay listed (a teacher cannot
    remove, or learn about, a child outside their groups). Live publications are checked again
    at once: a newly listed pupil without consent blurs or takes them offline."""
    video = selectors.get_video(actor, video.pk)
    video_lock(video.pk)
    for pupil in pupils:
        if not selectors.may_list(actor, pupil, video):
            raise PermissionDenied
    present = set(video.appearances.values_list("pupil_id", flat=True))
    hidden = {
        pupil.pk
        for pupil in Pupil.objects.filter(pk__in=present)
        if not selectors.may_list(actor, pupil, video)
    }
    wanted = {pupil.pk for pupil in pupils} | hidden
    video.appearances.exclude(pupil_id__in=wanted).delete()
    VideoPupil.objects.bulk_create(
        VideoPupil(board_id=video.board_id, video=video, pupil_id=pk, listed_by=actor)
        for pk in sorted(wanted - present)
    )
    video.pupils_listed_at = timezone.now()
    video.pupils_listed_by = actor
    video.save(update_fields=["pupils_listed_at", "pupils_listed_by"])
    audit_record(
        action="videos.pupils.listed",
        board_id=video.board_id,
        actor_id=actor.pk,
        subjects=[Subject(VIDEO, video.pk)]
        + [Subject(subject_types.PUPIL, pk) for pk in sorted(wanted ^ present)],
        fields=["pupils"],
        context={"added": len(wanted - present), "removed": len(present - wanted)},
        channel=channel,
    )
    publications_recheck(
        VideoPublication.objects.filter(video=video, status=VideoPublication.Status.LIVE),
        cause=Publication.Reason.STAFF,
    )
    return video


@dataclass
class PublishOutcome:
    gate: VideoGate
    publication: VideoPublication | None

    @property
    def status(self) -> str:
        if self.publication is None:
            return "blocked"
        return "published_blurred" if self.publication.blurred else "published"


@transaction.atomic
def video_publish(
    *,
    actor: User,
    video: Video,
    channel: Channel,
    mute: bool = False,
    external_reference: str = "",
    via: str = "web",
) -> PublishOutcome:
    """Run the gate for the channel and, if it allows, publish: the cleaned original when every
    listed pupil has consent, else a rendition with every face blurred (made by the worker)."""
    video = selectors.get_video(actor, video.pk)
    video_lock(video.pk)
    video.refresh_from_db()
    lock_for_gate(video, channel)
    if channel.board_id != video.board_id or not channel.is_active:
        raise PermissionDenied
    gate = evaluate(video, channel)
    if gate.blocked:
        codes = sorted({p.code for p in gate.problems})
        audit_record(
            action="videos.publication.blocked",
            board_id=video.board_id,
            actor_id=actor.pk,
            subjects=[Subject(VIDEO, video.pk)]
            + [Subject(subject_types.PUPIL, p.pupil_id) for p in gate.problems if p.pupil_id],
            context={"channel": channel.key, "reasons": "/".join(codes)[:64]},
            channel=via,
        )
        return PublishOutcome(gate, None)
    if video.publications.filter(channel=channel, status=VideoPublication.Status.LIVE).exists():
        raise ValidationError(_("This video is already published in this channel."), code="live")
    publication = VideoPublication.objects.create(
        board_id=video.board_id,
        school_id=video.school_id,
        video=video,
        channel=channel,
        blurred=gate.blur,
        muted=mute,
        published_by=actor,
        external_reference=external_reference.strip()[:300],
    )
    evidence_record(publication, gate)
    render_enqueue(publication)
    audit_record(
        action="videos.publication.published",
        board_id=video.board_id,
        actor_id=actor.pk,
        subjects=[Subject(VIDEO, video.pk), Subject(VIDEO_PUBLICATION, publication.pk)]
        + [Subject(subject_types.PUPIL, v.pupil_id) for v in gate.verdicts],
        context={"channel": channel.key, "blurred": gate.blur, "muted": mute},
        channel=via,
    )
    return PublishOutcome(gate, publication)


@transaction.atomic
def video_publication_withdraw(
    *, actor: User, publication: VideoPublication, channel: str = "web"
) -> VideoPublication:
    """Staff take a publication offline: its file is deleted and its address answers 404."""
    from schoolprivacy.videos.withdrawal import publication_take_offline

    selectors.get_video(actor, publication.video_id)
    video_lock(publication.video_id)
    publication = VideoPublication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != VideoPublication.Status.LIVE:
        return publication
    publication_take_offline(publication, cause=Publication.Reason.STAFF)
    audit_record(
        action="videos.publication.withdrawn",
        board_id=publication.board_id,
        actor_id=actor.pk,
        subjects=[Subject(VIDEO_PUBLICATION, publication.pk)],
        context={"reason": "staff"},
        channel=channel,
    )
    return publication


@transaction.atomic
def video_takedown_done(*, actor: User, takedown: VideoTakedown, channel: str = "web") -> None:
    """The location director confirms that the copies placed by hand are removed."""
    if not selectors.open_takedowns(actor).filter(pk=takedown.pk).exists():
        raise PermissionDenied
    takedown.done_at = timezone.now()
    takedown.done_by = actor
    takedown.save(update_fields=["done_at", "done_by"])
    audit_record(
        action="videos.takedown.done",
        board_id=takedown.board_id,
        actor_id=actor.pk,
        subjects=[Subject(VIDEO_PUBLICATION, takedown.publication_id)],
        channel=channel,
    )
