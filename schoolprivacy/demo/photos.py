"""A demo photo, so the photo library can be tried at once: a fictitious "sports day" group
photo (copies of one public-domain astronaut portrait, no child is on it) uploaded by the demo
teacher to their group, with faces found and two of them tagged.

Consent is left as the demo families have it, so publishing shows the gate at work: faces
without consent are blurred on the website and the social media channel refuses the photo. The
parent persona's child is one of the two tagged faces: once the photo is on the website, their
parent's withdrawal blurs it and the location director's takedown email appears in the console.
"""

from datetime import date, timedelta

from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.accounts.models import User
from schoolprivacy.demo.photo_samples import group_photo, jpeg_bytes
from schoolprivacy.photos.selectors import upload_groups
from schoolprivacy.photos.services import event_create, face_tag, faces_detect, photo_upload
from schoolprivacy.schools.models import Board, Group

FACES = 4
TAGGED = 2


def write_demo_photos(
    *,
    board: Board,
    teacher_username: str,
    group_name: str,
    today: date,
    first_tagged: int | None = None,
) -> int:
    """Upload and tag the demo photo; returns the number of faces found."""
    teacher = User.objects.get(username=teacher_username, staff__board=board)
    group = Group.objects.get(board=board, name=group_name)
    if not upload_groups(teacher, group.school).filter(pk=group.pk).exists():
        return 0
    image, _boxes = group_photo(FACES, size=(1600, 1000), face_height=170)
    event = event_create(
        actor=teacher,
        school=group.school,
        name="Sportdag",
        held_on=today - timedelta(days=10),
        channel="command",
    )
    photo = photo_upload(
        actor=teacher, event=event, data=jpeg_bytes(image), group=group, channel="command"
    )
    # Now rather than through the worker, so the demo opens with the faces already found (the
    # queued task finds the photo done and does nothing).
    found = faces_detect(photo_id=photo.pk)
    in_group = pupils_in_group(teacher, group)
    first = list(in_group.filter(pk=first_tagged)) if first_tagged else []
    others = in_group.exclude(pk__in=[p.pk for p in first]).order_by("first_name")
    pupils = (first + list(others[:TAGGED]))[:TAGGED]
    for face, pupil in zip(photo.faces.order_by("x"), pupils, strict=False):
        face_tag(actor=teacher, face=face, pupil=pupil, channel="command")
    return found
