"""Personal data of the videos (contract 4): who appears in which video, and its publications.

A video is `pupil.image` data of every pupil listed in it. Export lists the videos a pupil is
listed in and where they were published. Erasure takes the pupil off the video's list, marks the
video as erased (the gate then never shows a face again: live publications are blurred or taken
offline at once) and lets the worker replace the stored original by one with every face blurred.
The video stays for the other children in it, as a photo does.
"""

from collections.abc import Collection, Sequence

from django.db import transaction

from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL, VIDEO
from schoolprivacy.photos.models import Publication
from schoolprivacy.privacy_batches import by_kind_and_board, count_per
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    ExportFile,
    NotPersonal,
    PersonalData,
    collect,
)
from schoolprivacy.videos.models import (
    Video,
    VideoPublication,
    VideoPublicationPupil,
    VideoPupil,
    VideoTakedown,
)

_KEY = "pupil.image"
_STAFF = "staff.activity"
_BOOK = "bookkeeping about the video or publication, not about a person"

APPEARANCES = PersonalData(
    VideoPupil,
    {"pupil": _KEY, "listed_at": _KEY, "listed_by": _STAFF, "face_marks": _KEY},
)
VIDEOS = PersonalData(
    Video,
    {
        "original": _KEY,
        "poster": _KEY,
        "uploaded_at": _KEY,
        "uploaded_by": _STAFF,
        "pupils_listed_at": _KEY,
        "pupils_listed_by": _STAFF,
    },
)
PUBLICATIONS = PersonalData(
    VideoPublication,
    {
        "rendition": _KEY,
        "published_at": _KEY,
        "rendered_at": _KEY,
        "withdrawn_at": _KEY,
        "external_reference": _KEY,
        "published_by": _STAFF,
    },
)
EVIDENCE = PersonalData(
    VideoPublicationPupil, {"pupil": _KEY, "consent_status": _KEY, "decision_ids": _KEY}
)
TAKEDOWNS = PersonalData(VideoTakedown, {"done_by": _STAFF})
PERSONAL_DATA = (APPEARANCES, VIDEOS, PUBLICATIONS, EVIDENCE, TAKEDOWNS)

NOT_PERSONAL = (
    NotPersonal(
        Video,
        {
            "container": _BOOK,
            "video_codec": _BOOK,
            "has_audio": _BOOK,
            "width": _BOOK,
            "height": _BOOK,
            "duration": _BOOK,
            "frame_count": _BOOK,
            "frame_rate": _BOOK,
            "size_bytes": _BOOK,
            "processing": _BOOK,
            "processed_at": _BOOK,
            "face_counts": "numbers of faces per sampled frame; says nobody's identity",
            "faces_erased": _BOOK,
        },
    ),
    NotPersonal(
        VideoPublication,
        {
            "status": _BOOK,
            "token": "a random address part",
            "blurred": _BOOK,
            "muted": _BOOK,
            "render": _BOOK,
            "progress": _BOOK,
            "version": _BOOK,
            "withdrawn_reason": _BOOK,
        },
    ),
    NotPersonal(
        VideoTakedown,
        {
            "change": _BOOK,
            "cause": _BOOK,
            "needs_manual_removal": _BOOK,
            "created_at": _BOOK,
            "done_at": _BOOK,
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "pupil":
        return {}
    rows = VideoPupil.objects.filter(board_id=subject.board_id, pupil_id=subject.id).select_related(
        "video__event", "pupil"
    )
    found = collect(APPEARANCES, rows, subject)
    out = found.setdefault(_KEY, [])
    publications: dict[int, list[VideoPublication]] = {}
    for publication in VideoPublication.objects.filter(
        video__appearances__pupil_id=subject.id, board_id=subject.board_id
    ).select_related("channel"):
        publications.setdefault(publication.video_id, []).append(publication)
    for row in rows:
        out.append(
            {
                "source": "videos.Video",
                "id": row.video_id,
                "fields": {
                    "event": row.video.event.name,
                    "recorded_on": row.video.event.held_on.isoformat(),
                    "seconds": round(row.video.duration),
                    "publications": [
                        {
                            "channel": p.channel.name,
                            "status": p.status,
                            "faces_blurred": p.blurred,
                            "published_at": p.published_at.isoformat(),
                        }
                        for p in publications.get(row.video_id, [])
                    ],
                },
            }
        )
    return found


def export_files(subject: DataSubject) -> list[ExportFile]:
    """The pupil's videos with every other face blurred, for their copy (videos/copies.py)."""
    if subject.kind != "pupil":
        return []
    from schoolprivacy.videos.copies import pupil_video_copies

    return pupil_video_copies(board_id=subject.board_id, pupil_id=subject.id)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    if subject.kind != "pupil" or (categories is not None and _KEY not in categories):
        return Erasure("videos", {}, done=not dry_run)
    rows = VideoPupil.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
    count = rows.count()
    if not dry_run and count:
        pupil_videos_erase(board_id=subject.board_id, pupil_id=subject.id, actor_id=actor_id)
    return Erasure("videos", {_KEY: count}, done=not dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): the appearances counted with one
    query per board; only pupils who appear in a video are erased, each as `erase` does."""
    found = {s: Erasure("videos", {}, done=not dry_run) for s in subjects}
    if _KEY not in categories:
        return found
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        if kind != "pupil":
            continue
        rows = VideoPupil.objects.filter(board_id=board_id)
        listed = count_per(rows, "pupil_id", [s.id for s in group])
        for subject in group:
            count = listed.get(subject.id, 0)
            if count and not dry_run:
                pupil_videos_erase(board_id=board_id, pupil_id=subject.id, actor_id=actor_id)
            found[subject] = Erasure("videos", {_KEY: count}, done=not dry_run)
    return found


@transaction.atomic
def pupil_videos_erase(*, board_id: int, pupil_id: int, actor_id: int | None) -> int:
    from schoolprivacy.videos.withdrawal import directors_tell, publications_recheck, video_lock

    video_ids = sorted(
        set(
            VideoPupil.objects.filter(board_id=board_id, pupil_id=pupil_id).values_list(
                "video_id", flat=True
            )
        )
    )
    for video_id in video_ids:
        video_lock(video_id)
    VideoPupil.objects.filter(board_id=board_id, pupil_id=pupil_id).delete()
    Video.objects.filter(pk__in=video_ids).update(faces_erased=True)
    takedowns = publications_recheck(
        VideoPublication.objects.filter(video_id__in=video_ids), cause=Publication.Reason.ERASURE
    )
    directors_tell(takedowns)

    def blur_originals() -> None:
        from schoolprivacy.videos.tasks import blur_original_task

        for video_id in video_ids:
            blur_original_task.enqueue(video_id)

    transaction.on_commit(blur_originals)
    if video_ids:
        audit_record(
            action="videos.pupil.erased",
            board_id=board_id,
            actor_id=actor_id,
            subjects=[Subject(PUPIL, pupil_id)] + [Subject(VIDEO, pk) for pk in video_ids],
            context={"videos": len(video_ids)},
            channel="system",
        )
    return len(video_ids)
