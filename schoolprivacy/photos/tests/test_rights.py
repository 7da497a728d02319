"""A pupil's photos in the parent portal, in the export, and in erasure; and retention."""

import io
from datetime import date, timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from schoolprivacy.photos import privacy, storage
from schoolprivacy.photos.models import Face, Photo, Publication, PublicationFace
from schoolprivacy.photos.retention import photos_past_purpose, photos_purge
from schoolprivacy.photos.services import (
    face_tag,
    faces_detect,
    photo_publish,
    publication_withdraw,
)
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, upload
from schoolprivacy.privacy_registry import DataSubject, erase_subject, export_subject
from schoolprivacy.register.services import register_install_defaults

pytestmark = pytest.mark.django_db


def _box_detail(content: bytes, face: Face, scale: float = 1.0) -> float:
    image = np.asarray(Image.open(io.BytesIO(content)).convert("L"), dtype=np.float32)
    x, y = round(face.x * scale), round(face.y * scale)
    box = image[y : y + round(face.height * scale), x : x + round(face.width * scale)]
    return float(np.abs(np.diff(box, axis=1)).mean() + np.abs(np.diff(box, axis=0)).mean())


def test_parents_see_their_childs_photos_with_other_faces_blurred(
    photos: PhotoWorld, parent_client: object
) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    face_tag(actor=w.teacher, face=photos.faces[1], pupil=photos.pupil_c)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    parent = parent_client(w.parent)  # type: ignore[operator]
    page = parent.get(reverse("portal:child", args=[w.pupil_a.pk]))
    html = page.content.decode()
    assert "Sportdag" in html and "Website" in html
    image = parent.get(reverse("photos:portal_photo", args=[w.pupil_a.pk, photos.photo.pk]))
    assert image.status_code == 200 and image["Cache-Control"] == "no-store, private"
    content = image.content
    scale = Image.open(io.BytesIO(content)).width / photos.photo.width
    original = storage.read(photos.photo.original)
    own, other = photos.faces[0], photos.faces[1]
    assert _box_detail(content, own, scale) > 0.5 * _box_detail(original, own)
    assert _box_detail(content, other, scale) < 0.2 * _box_detail(original, other)


def test_a_parent_cannot_open_a_photo_their_child_is_not_on(
    photos: PhotoWorld, parent_client: object, client: object
) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[1], pupil=photos.pupil_c)
    parent = parent_client(w.parent)  # type: ignore[operator]
    url = reverse("photos:portal_photo", args=[w.pupil_a.pk, photos.photo.pk])
    assert parent.get(url).status_code == 404
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    other_child = reverse("photos:portal_photo", args=[photos.pupil_c.pk, photos.photo.pk])
    assert parent.get(other_child).status_code == 404
    other_parent = parent_client(w.parent_b)  # type: ignore[operator]
    assert other_parent.get(url).status_code == 404
    assert client.get(url).status_code == 302  # type: ignore[attr-defined]  # sign in first


def test_the_export_lists_the_photos_and_where_they_were_published(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    exported = export_subject(DataSubject.of(w.pupil_a))
    rows = [r for r in exported["pupil.image"] if r["source"] == "photos.Photo"]
    assert rows[0]["id"] == photos.photo.pk
    assert rows[0]["fields"]["publications"][0]["channel"] == "Website"


def test_erasure_blurs_the_face_in_the_original_and_in_live_publications(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    publication = photo_publish(
        actor=w.teacher, photo=photos.photo, channel=photos.website
    ).publication
    assert publication is not None
    before = storage.read(photos.photo.original)
    old_name = photos.photo.original
    erase_subject(DataSubject.of(w.pupil_a), actor_id=None, dry_run=False)
    photos.photo.refresh_from_db()
    face = Face.objects.get(pk=photos.faces[0].pk)
    assert face.erased and face.pupil_id is None
    after = storage.read(photos.photo.original)
    assert photos.photo.original != old_name
    assert _box_detail(after, face) < 0.2 * _box_detail(before, face)
    # The other children keep their faces.
    other = photos.faces[1]
    assert _box_detail(after, other) > 0.9 * _box_detail(before, other)
    publication.refresh_from_db()
    assert publication.version == 2
    assert (
        PublicationFace.objects.get(publication=publication, version=2, face=face).outcome
        == "erased"
    )


def test_photos_are_kept_while_published_and_deleted_after_their_purpose(
    photos: PhotoWorld, django_capture_on_commit_callbacks: object
) -> None:
    w = photos.world
    photo = photos.photo
    assert photos_past_purpose(w.board).rule_code == ""  # without a register, keep everything
    register_install_defaults(board=w.board, actor_id=None)
    later = date(photo.event.held_on.year + 1, 8, 15)  # after the school year of the event
    assert photos_past_purpose(w.board, on=photo.event.held_on + timedelta(days=30)).photo_ids == []
    publication = photo_publish(actor=w.teacher, photo=photo, channel=photos.website).publication
    assert publication is not None
    assert photos_past_purpose(w.board, on=later).photo_ids == []  # still published
    publication_withdraw(actor=w.teacher, publication=publication)
    # Taken offline today: the purpose ended today, so it is gone the day after.
    assert photos_past_purpose(w.board, on=date.today()).photo_ids == []
    plan = photos_past_purpose(w.board, on=max(later, date.today() + timedelta(days=1)))
    assert plan.photo_ids == [photo.pk] and plan.rule_code == "consent"
    name = photo.original
    call_command("purge_photos", "--dry-run", stdout=io.StringIO())
    assert Photo.objects.filter(pk=photo.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        count = photos_purge(
            board=w.board, actor_id=None, on=date.today() + timedelta(days=400), dry_run=False
        )
    assert count == 1
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not Publication.objects.filter(pk=publication.pk).exists()
    assert not storage.photo_storage().exists(name)


def test_the_export_costs_the_same_queries_for_one_photo_or_three(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    subject = DataSubject.of(w.pupil_a)
    with CaptureQueriesContext(connection) as one:
        privacy.export(subject)
    for _ in range(2):
        image, _boxes = samples.group_photo(1, size=(600, 400), face_height=140)
        photo = upload(w, samples.jpeg_bytes(image), event=photos.event)
        faces_detect(photo_id=photo.pk)
        face_tag(actor=w.teacher, face=photo.faces.get(), pupil=w.pupil_a)
        photo_publish(actor=w.teacher, photo=photo, channel=photos.website)
    with CaptureQueriesContext(connection) as three:
        exported = privacy.export(subject)
    assert len([r for r in exported["pupil.image"] if r["source"] == "photos.Photo"]) == 3
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]
