"""The package holds the child's photos (every photo they are tagged on) with every other face
blurred, and lists them in the JSON and the PDF (issue 14 item 5: "photos (other faces
blurred)"). Blurred is measured as the photo tests do: the detail (variance of the Laplacian)
inside the face box."""

import io
import json
import zipfile
from datetime import date

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image

from schoolprivacy.conftest import World
from schoolprivacy.photos.models import Face
from schoolprivacy.photos.services import event_create, face_tag, faces_detect, photo_upload
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import photo_storage  # noqa: F401  (a fixture)
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.services import request_submit
from schoolprivacy.testing import factories


def _detail(image: Image.Image, face: Face) -> float:
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    crop = grey[face.y : face.y + face.height, face.x : face.x + face.width]
    laplacian = (
        crop[:-2, 1:-1] + crop[2:, 1:-1] + crop[1:-1, :-2] + crop[1:-1, 2:] - 4 * crop[1:-1, 1:-1]
    )
    return float(laplacian.var())


def test_the_childs_photo_is_in_the_zip_with_every_other_face_blurred(world: World) -> None:
    picture, _boxes = samples.group_photo(3, size=(1200, 800), face_height=140)
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )
    photo = photo_upload(
        actor=world.teacher, event=event, data=samples.jpeg_bytes(picture), group=world.group_a
    )
    faces_detect(photo_id=photo.pk)
    mine, classmate, stranger = photo.faces.order_by("x")
    face_tag(actor=world.teacher, face=mine, pupil=world.pupil_a)
    other = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    face_tag(actor=world.teacher, face=classmate, pupil=other)  # the third stays untagged

    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    name = f"photos/photo-{photo.pk}.jpg"
    assert [f.name for f in built.files] == [name]
    listed = json.loads(packages.as_json(built))["files"]
    assert listed[0]["name"] == name and "Sportdag" in listed[0]["description"]

    archive = zipfile.ZipFile(io.BytesIO(packages.as_zip(built)))
    copy = Image.open(io.BytesIO(archive.read(name)))
    assert copy.size == picture.size  # 1200 px wide: not downscaled, the boxes fit as they are
    original = Image.open(io.BytesIO(samples.jpeg_bytes(picture)))
    assert _detail(copy, mine) > 0.9 * _detail(original, mine) > 20  # the child is visible
    for face in (classmate, stranger):  # tagged or not, another face is blurred
        assert _detail(copy, face) < 0.1 * _detail(original, face)

    pdf = next(n for n in archive.namelist() if n.endswith(".pdf"))
    document = pdfium.PdfDocument(archive.read(pdf))
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert name in " ".join(text.split())


def test_a_child_on_no_photo_gets_no_photo_files(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    assert built.files == []
    archive = zipfile.ZipFile(io.BytesIO(packages.as_zip(built)))
    assert not [n for n in archive.namelist() if n.startswith("photos/")]


def test_a_tag_moved_to_another_pupil_after_the_list_was_made_never_shows_their_face(
    world: World,
) -> None:
    """The list of photos is made first and the copies when the zip is written: if the child's
    tag moves to another pupil in between, that pupil's face must not come out unblurred."""
    picture, _boxes = samples.group_photo(2, size=(1200, 800), face_height=140)
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )
    photo = photo_upload(
        actor=world.teacher, event=event, data=samples.jpeg_bytes(picture), group=world.group_a
    )
    faces_detect(photo_id=photo.pk)
    face, _other = photo.faces.order_by("x")
    face_tag(actor=world.teacher, face=face, pupil=world.pupil_a)
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)

    classmate = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    Face.objects.filter(pk=face.pk).update(pupil=classmate)  # a teacher corrects the tag
    archive = zipfile.ZipFile(io.BytesIO(packages.as_zip(built)))
    copy = Image.open(io.BytesIO(archive.read(f"photos/photo-{photo.pk}.jpg")))
    original = Image.open(io.BytesIO(samples.jpeg_bytes(picture)))
    assert _detail(copy, face) < 0.1 * _detail(original, face)
