"""Erasure of a pupil's photos (a request, or retention): their face is blurred in the stored
original for good, the tag is removed, and live publications follow at once.

The photo itself stays when other children are on it: erasing one child's data must not erase
the others'. The face row stays as "erased" so no one can tag it again and every rendition
keeps it blurred.
"""

import io
from collections import defaultdict

from django.db import transaction

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.photos import images, rendition, storage
from schoolprivacy.photos.models import Face, Photo, Publication
from schoolprivacy.photos.withdrawal import directors_tell, photo_lock, publications_recheck

_SAVE = {"jpeg": ("JPEG", {"quality": 90}), "png": ("PNG", {}), "webp": ("WEBP", {"quality": 90})}


def _encode(image: object, image_format: str) -> bytes:
    name, options = _SAVE[image_format]
    buffer = io.BytesIO()
    image.save(buffer, format=name, **options)  # type: ignore[attr-defined]
    return buffer.getvalue()


@transaction.atomic
def pupil_faces_erase(*, board_id: int, pupil_id: int, actor_id: int | None) -> int:
    # Photos first, in ID order, as tagging and publishing take them (docs/decisions/0016);
    # then the faces, without locking the joined photo rows a second time.
    photo_ids = Face.objects.filter(board_id=board_id, pupil_id=pupil_id).values_list(
        "photo_id", flat=True
    )
    for photo_id in sorted(set(photo_ids)):
        photo_lock(photo_id)
    faces = list(
        Face.objects.select_for_update(of=("self",))
        .filter(board_id=board_id, pupil_id=pupil_id)
        .select_related("photo")
    )
    by_photo: dict[int, list[Face]] = defaultdict(list)
    for face in faces:
        by_photo[face.photo_id].append(face)
    for photo_id, photo_faces in by_photo.items():
        photo: Photo = photo_faces[0].photo
        image = images.open_image(storage.read(photo.original))
        for face in photo_faces:
            rendition.blur_region(image, face)
        old = photo.original
        photo.original = storage.store(
            "originals", board_id, old.rsplit(".", 1)[-1], _encode(image, photo.image_format)
        )
        photo.save(update_fields=["original"])
        transaction.on_commit(lambda name=old: storage.remove(name))  # type: ignore[misc]
        Face.objects.filter(pk__in=[f.pk for f in photo_faces]).update(
            pupil=None, erased=True, not_a_pupil=False
        )
        takedowns = publications_recheck(
            Publication.objects.filter(photo_id=photo_id), cause=Publication.Reason.ERASURE
        )
        directors_tell(takedowns)
    if faces:
        audit_record(
            action="photos.faces.erased",
            board_id=board_id,
            actor_id=actor_id,
            subjects=[Subject(subject_types.PUPIL, pupil_id)]
            + [Subject(subject_types.PHOTO, pk) for pk in by_photo],
            context={"faces": len(faces)},
            channel="system",
        )
    return len(faces)
