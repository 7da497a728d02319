"""Staff mark where a listed pupil's face is in a video, for the pupil's own copy (copies.py).

A mark is a statement by staff, as the list of who appears is: "from second a to second b, this
pupil's face is inside this part of the frame". It never comes from the software (no
recognition, domain.md) and it only ever lets the pupil's own copy show a face; a publication
never reads it.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import VIDEO
from schoolprivacy.people.models import Pupil
from schoolprivacy.videos import selectors
from schoolprivacy.videos.models import Video, VideoPupil
from schoolprivacy.videos.withdrawal import video_lock

MAX_MARKS = 100


def _clean(mark: dict[str, Any], duration: float) -> dict[str, Any]:
    try:
        start, end = float(mark["from"]), float(mark["to"])
        left, top, width, height = (float(v) for v in mark["box"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("A face mark needs a start, an end and a box.")) from None
    if not 0 <= start <= end <= duration + 1:
        raise ValidationError(_("A face mark must lie within the video."))
    if not (left >= 0 and top >= 0 and width > 0 and height > 0):
        raise ValidationError(_("A face mark's box must lie within the frame."))
    if left + width > 1 or top + height > 1:
        raise ValidationError(_("A face mark's box must lie within the frame."))
    return {"from": start, "to": end, "box": [left, top, width, height]}


@transaction.atomic
def video_face_marks_set(
    *,
    actor: User,
    video: Video,
    pupil: Pupil,
    marks: Sequence[dict[str, Any]],
    channel: str = "web",
) -> VideoPupil:
    """Replace the marks of a listed pupil's face in the video (an empty list removes them)."""
    video = selectors.get_video(actor, video.pk)
    if not selectors.may_list(actor, pupil, video):
        raise PermissionDenied
    video_lock(video.pk)
    appearance = VideoPupil.objects.filter(video=video, pupil=pupil).first()
    if appearance is None:
        raise ValidationError(_("Only a pupil listed in the video can be marked."))
    if len(marks) > MAX_MARKS:
        raise ValidationError(_("Too many face marks."))
    appearance.face_marks = [_clean(dict(m), video.duration) for m in marks]
    appearance.save(update_fields=["face_marks"])
    audit_record(
        action="videos.face_marks.set",
        board_id=video.board_id,
        actor_id=actor.pk,
        subjects=[Subject(VIDEO, video.pk), Subject(subject_types.PUPIL, pupil.pk)],
        fields=["face_marks"],
        context={"marks": len(appearance.face_marks)},
        channel=channel,
    )
    return appearance
