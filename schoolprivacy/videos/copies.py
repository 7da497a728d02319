"""A pupil's own copies of the videos they appear in, for the copy of their data (GDPR art. 15(3);
decision 0056): every video staff listed the pupil in, with every face blurred except the
pupil's own, made by the publication renderer (render.blur_every_face) with a choice of faces.

The software does not recognise faces (domain.md). A face is the pupil's only where staff marked
it (`VideoPupil.face_marks`: from when to when, inside which part of the frame) and the detector
found exactly one face there at that moment; a face inside another listed pupil's mark at the
same moment is not attributed either. Every other face — another pupil's, an adult's, two faces
in one mark, any face of a video nobody marked — is blurred. Without marks the copy has every
face blurred, the pupil's too, and the package says so.

The copy has no sound: names of other children are spoken and cannot be blurred. It is written
to a file (frames streamed, a few in memory) in the task that builds the package, never in a
request.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from schoolprivacy.photos.detection import FaceBox
from schoolprivacy.privacy_registry import ExportFile, ExportFileUnavailable
from schoolprivacy.videos import media, render, storage
from schoolprivacy.videos.models import Video, VideoPupil

# A mark's box in pixels and the seconds it holds for.
_Mark = tuple[float, float, tuple[float, float, float, float]]


def pupil_video_copies(*, board_id: int, pupil_id: int) -> list[ExportFile]:
    """One file per video the pupil is listed in, described by its event and date."""
    rows = (
        VideoPupil.objects.filter(board_id=board_id, pupil_id=pupil_id)
        .select_related("video__event")
        .order_by("video__event__held_on", "video_id")
    )
    return [
        ExportFile(
            name=f"videos/video-{row.video_id}.mp4",
            source="videos.Video",
            id=row.video_id,
            description=_description(row),
            content=_made_in_background,
            write_to=partial(
                video_copy_write, board_id=board_id, video_id=row.video_id, pupil_id=pupil_id
            ),
        )
        for row in rows
    ]


def _description(row: VideoPupil) -> str:
    event = row.video.event
    text = f"{event.name}, {formats.date_format(event.held_on, 'DATE_FORMAT')}"
    if not row.face_marks:
        text += " (" + _("every face blurred: the school did not mark where the child is") + ")"
    return text


def _made_in_background() -> bytes:
    raise ExportFileUnavailable(_("A video copy is made only in the package of a download link."))


def _marks(rows: list[dict[str, Any]], width: int, height: int) -> list[_Mark]:
    found = []
    for mark in rows:
        left, top, w, h = (float(v) for v in mark["box"])
        box = (left * width, top * height, (left + w) * width, (top + h) * height)
        found.append((float(mark["from"]), float(mark["to"]), box))
    return found


def _inside(face: FaceBox, box: tuple[float, float, float, float]) -> bool:
    x, y = face.x + face.width / 2, face.y + face.height / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def faces_to_hide(
    *, own: list[_Mark], others: list[_Mark], rate: float
) -> Callable[[int, list[FaceBox]], list[FaceBox]]:
    """For a detected frame, every face but the one the pupil's marks attribute to them."""

    def hide(index: int, faces: list[FaceBox]) -> list[FaceBox]:
        at = index / rate if rate > 0 else 0.0
        theirs = [b for start, end, b in others if start <= at <= end]
        kept: set[int] = set()
        for start, end, box in own:
            if not start <= at <= end:
                continue
            inside = [i for i, face in enumerate(faces) if _inside(face, box)]
            # Exactly one face in the mark, and in nobody else's: otherwise none is attributed.
            if len(inside) == 1 and not any(_inside(faces[inside[0]], b) for b in theirs):
                kept.add(inside[0])
        return [face for i, face in enumerate(faces) if i not in kept]

    return hide


def video_copy_write(
    target: Path, progress: Callable[[int], None], *, board_id: int, video_id: int, pupil_id: int
) -> None:
    """Write the pupil's copy of the video to `target` (MP4, no sound).

    Who is listed and marked is read again now, not when the list was made: a pupil taken off
    the list in between gets no copy rather than one with someone else's face."""
    video = Video.objects.filter(board_id=board_id, pk=video_id).first()
    appearance = VideoPupil.objects.filter(
        board_id=board_id, video_id=video_id, pupil_id=pupil_id
    ).first()
    if video is None or appearance is None:
        raise ExportFileUnavailable(_("The school no longer lists the child in this video."))
    if not video.original or not storage.exists(video.original):
        raise ExportFileUnavailable(_("The video file is missing from the school's storage."))
    others = VideoPupil.objects.filter(video_id=video_id).exclude(pupil_id=pupil_id)
    try:
        with storage.local_path(video.original) as source:
            info = media.probe(source)
            width, height = media.display_size(info)
            hide = faces_to_hide(
                own=_marks(appearance.face_marks, width, height),
                others=[m for o in others for m in _marks(o.face_marks, width, height)],
                rate=info.frame_rate,
            )
            render.blur_every_face(source, target, mute=True, progress=progress, hide=hide)
    except FileNotFoundError:
        raise ExportFileUnavailable(
            _("The video file is missing from the school's storage.")
        ) from None
    except (media.VideoRejected, RuntimeError, ValueError):
        raise ExportFileUnavailable(
            _("The video file is damaged: it could not be read to make the copy.")
        ) from None
