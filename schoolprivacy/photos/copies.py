"""A pupil's own copies of the photos they are on, for the copy of their data (GDPR art. 15(3);
issue 14 item 5): every photo the pupil is tagged on, with every other face on it blurred —
another pupil's, an untagged one, a helping parent's — the way a publication hides a face
(`rendition.render`). The pupil's own face stays as it is. Nothing is stored: the copy is made
when the package is downloaded.
"""

from functools import partial

from django.utils import formats

from schoolprivacy.photos import images, rendition, storage
from schoolprivacy.photos.models import Face, Photo
from schoolprivacy.privacy_registry import ExportFile

# Large enough to see who is who and to print, small enough for a zip of a few hundred photos.
MAX_SIDE = 1600


def pupil_photo_copies(*, board_id: int, pupil_id: int) -> list[ExportFile]:
    """One file per photo the pupil is tagged on, described by its event and date."""
    faces = (
        Face.objects.filter(board_id=board_id, pupil_id=pupil_id)
        .select_related("photo__event")
        .order_by("photo__event__held_on", "photo_id")
    )
    return [
        ExportFile(
            name=f"photos/photo-{face.photo_id}.jpg",
            source="photos.Photo",
            id=face.photo_id,
            description=(
                f"{face.photo.event.name}, "
                f"{formats.date_format(face.photo.event.held_on, 'DATE_FORMAT')}"
            ),
            content=partial(
                photo_copy, board_id=board_id, photo_id=face.photo_id, pupil_id=pupil_id
            ),
        )
        for face in faces
    ]


def photo_copy(*, board_id: int, photo_id: int, pupil_id: int) -> bytes:
    """The photo as a JPEG in which every face but the pupil's is unrecognisable.

    Who is tagged where is read again now, not when the list was made: a tag moved to another
    pupil in between leaves every face blurred rather than showing that pupil's face."""
    photo = Photo.objects.get(board_id=board_id, pk=photo_id)
    faces = Face.objects.filter(board_id=board_id, photo_id=photo_id)
    others = [face for face in faces if face.pupil_id != pupil_id]
    image = images.open_image(storage.read(photo.original))
    return rendition.render(image, blur=others, max_side=MAX_SIDE)
