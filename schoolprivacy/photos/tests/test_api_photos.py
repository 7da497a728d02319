"""The photo API, upload and faces: a real photo in, metadata gone, faces found and tagged by
hand; rules and outsiders answered with 400 and 404."""

import pytest

from schoolprivacy.access.models import Role
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.people.models import Staff
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, PhotoEvent
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.api_helpers import (
    Capture,
    api_client,
    pixels_of,
    post_json,
    upload_file,
)
from schoolprivacy.photos.tests.conftest import PhotoWorld, tag_all, upload
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def test_an_upload_strips_the_metadata_and_detection_follows(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = photos.world
    client = api_client(w.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/photos",
            {
                "file": upload_file(samples.astronaut_jpeg()),
                "event": photos.event.pk,
                "group": w.group_a.pk,
            },
        )
    assert response.status_code == 201, response.content
    body = response.json()
    # The answer is given before the background detection has run.
    assert (body["detection"], body["faces"], body["publications"]) == ("pending", [], [])
    assert body["event"] == {"id": photos.event.pk, "name": "Sportdag", "date": "2026-09-30"}
    assert body["group"] == w.group_a.pk
    # EXIF orientation 6 was applied: the stored photo is upright (landscape).
    assert (body["width"], body["height"]) == (512, 384)
    photo = Photo.objects.get(pk=body["id"])
    stored = storage.read(photo.original)
    assert len(pixels_of(stored).getexif()) == 0
    assert not any(secret in stored for secret in samples.SECRETS)

    detail = client.get(f"/api/v1/photos/{photo.pk}").json()
    assert detail["detection"] == "done"
    [face] = detail["faces"]
    assert face["pupil"] is None and face["not_a_pupil"] is False
    # The astronaut's face, about where the detector put it in the upright photo.
    assert 150 < face["box"]["x"] < 230 and face["box"]["width"] > 50


def test_an_upload_creates_the_event_and_is_audited_as_api(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = photos.world
    image, _boxes = samples.group_photo(3, size=(1200, 800), face_height=140)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(w.director).post(
            "/api/v1/photos",
            {
                "file": upload_file(samples.jpeg_bytes(image)),
                "event_name": "Kerstviering",
                "event_date": "2026-12-18",
                "school": w.school_a.pk,
            },
        )
    assert response.status_code == 201, response.content
    body = response.json()
    event = PhotoEvent.objects.get(name="Kerstviering")
    assert (body["event"]["id"], body["group"]) == (event.pk, None)
    uploaded = AuditEvent.objects.get(action="photos.photo.uploaded", actor_id=w.director.pk)
    assert uploaded.channel == "api"
    assert (
        AuditEvent.objects.get(action="photos.event.created", actor_id=w.director.pk).channel
        == "api"
    )

    faces = api_client(w.director).get(f"/api/v1/photos/{body['id']}").json()["faces"]
    assert len(faces) == 3
    assert all(f["box"]["width"] > 0 and f["box"]["height"] > 0 for f in faces)


def test_a_refused_image_is_a_400_with_a_translated_message_and_no_event(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    form = {"event_name": "Kerstviering", "event_date": "2026-12-18", "school": w.school_a.pk}
    client = api_client(w.teacher)
    response = client.post(
        "/api/v1/photos",
        {**form, "file": upload_file(samples.text_file_named_jpg())},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "not_an_image",
        "message": "This file is not a JPEG, PNG or WebP image.",
    }
    dutch = client.post("/api/v1/photos", {**form, "file": upload_file(samples.truncated_jpeg())})
    assert dutch.status_code == 400
    assert dutch.json()["code"] == "damaged"
    assert dutch["Content-Language"] == "nl"
    assert not PhotoEvent.objects.filter(name="Kerstviering").exists()
    assert Photo.objects.count() == 1


def test_an_upload_without_a_complete_event_is_a_400(photos: PhotoWorld) -> None:
    w = photos.world
    no_date = api_client(w.teacher).post(
        "/api/v1/photos",
        {"file": upload_file(samples.astronaut_jpeg()), "event_name": "Zonder datum"},
    )
    assert (no_date.status_code, no_date.json()["code"]) == (400, "event_missing")
    response = api_client(w.teacher).post(
        "/api/v1/photos",
        {
            "file": upload_file(samples.astronaut_jpeg()),
            "event_name": "  ",
            "event_date": "2026-12-18",
            "school": w.school_a.pk,
        },
    )
    assert (response.status_code, response.json()["code"]) == (400, "name")
    assert Photo.objects.count() == 1


def test_a_teacher_cannot_file_a_photo_under_another_group(photos: PhotoWorld) -> None:
    w = photos.world
    response = api_client(w.teacher).post(
        "/api/v1/photos",
        {
            "file": upload_file(samples.astronaut_jpeg()),
            "event": photos.event.pk,
            "group": w.group_a2.pk,
        },
    )
    assert response.status_code == 404
    assert Photo.objects.count() == 1


# --- reading and tagging -----------------------------------------------------------------------


def test_the_photo_shows_faces_and_tags(photos: PhotoWorld) -> None:
    tag_all(photos)
    body = api_client(photos.world.director).get(f"/api/v1/photos/{photos.photo.pk}").json()
    assert body["detection"] == "done"
    assert [(f["id"], f["pupil"], f["not_a_pupil"]) for f in body["faces"]] == [
        (photos.faces[0].pk, photos.world.pupil_a.pk, False),
        (photos.faces[1].pk, photos.pupil_c.pk, False),
        (photos.faces[2].pk, None, True),
    ]
    first = photos.faces[0]
    assert body["faces"][0]["box"] == {
        "x": first.x,
        "y": first.y,
        "width": first.width,
        "height": first.height,
    }


def test_a_teacher_tags_a_face_and_clears_it_again(photos: PhotoWorld) -> None:
    w = photos.world
    face = photos.faces[0]
    url = f"/api/v1/photos/{photos.photo.pk}/faces/{face.pk}"
    response = post_json(api_client(w.teacher), url, {"pupil": w.pupil_a.pk, "not_a_pupil": False})
    assert response.status_code == 200, response.content
    assert response.json()["pupil"] == w.pupil_a.pk
    face.refresh_from_db()
    assert (face.pupil, face.tagged_by) == (w.pupil_a, w.teacher)
    assert AuditEvent.objects.get(action="photos.face.tagged").channel == "api"

    cleared = post_json(api_client(w.teacher), url, {"pupil": None, "not_a_pupil": False})
    assert cleared.json() == {**response.json(), "pupil": None}
    face.refresh_from_db()
    assert face.is_unknown


def test_a_pupil_the_caller_may_not_see_is_a_404(photos: PhotoWorld) -> None:
    w = photos.world
    face = photos.faces[0]
    url = f"/api/v1/photos/{photos.photo.pk}/faces/{face.pk}"
    for pupil_id in (w.pupil_b.pk, w.pupil_a2.pk, 999_999):
        response = post_json(api_client(w.teacher), url, {"pupil": pupil_id})
        assert response.status_code == 404
    face.refresh_from_db()
    assert face.is_unknown


def test_tag_rules_are_a_400_with_a_code(photos: PhotoWorld) -> None:
    w = photos.world
    client = api_client(w.teacher)
    base = f"/api/v1/photos/{photos.photo.pk}/faces"
    both = post_json(
        client,
        f"{base}/{photos.faces[0].pk}",
        {"pupil": w.pupil_a.pk, "not_a_pupil": True},
        headers={"Accept-Language": "en"},
    )
    assert both.status_code == 400
    assert both.json() == {"code": "both", "message": 'Choose a pupil or "not a pupil", not both.'}
    assert (
        post_json(client, f"{base}/{photos.faces[0].pk}", {"pupil": w.pupil_a.pk}).status_code
        == 200
    )
    twice = post_json(client, f"{base}/{photos.faces[1].pk}", {"pupil": w.pupil_a.pk})
    assert (twice.status_code, twice.json()["code"]) == (400, "twice")


def test_a_visible_pupil_of_another_school_is_a_400(photos: PhotoWorld) -> None:
    w = photos.world
    # The director of school A who also teaches 2B sees pupil_b, but not on a school A photo.
    factories.assign(Staff.objects.get(user=w.director), Role.TEACHER, group=w.group_b)
    url = f"/api/v1/photos/{photos.photo.pk}/faces/{photos.faces[0].pk}"
    response = post_json(api_client(w.director), url, {"pupil": w.pupil_b.pk})
    assert (response.status_code, response.json()["code"]) == (400, "not_taggable")
    photos.faces[0].refresh_from_db()
    assert photos.faces[0].is_unknown


def test_a_face_of_another_photo_is_a_404(photos: PhotoWorld) -> None:
    w = photos.world
    other = upload(w, samples.astronaut_jpeg(), event=photos.event)
    url = f"/api/v1/photos/{other.pk}/faces/{photos.faces[0].pk}"
    assert post_json(api_client(w.teacher), url, {"not_a_pupil": True}).status_code == 404


# --- publication --------------------------------------------------------------------------------
