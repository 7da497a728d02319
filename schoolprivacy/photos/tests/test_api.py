"""The photo API: upload, faces, tags and publication through the consent gate, with a token.

Outsiders (another school, another board, roles without photo work) get 404 on every endpoint;
callers without a token get 401.
"""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.people.models import Staff
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Face, Photo, PhotoEvent, Publication
from schoolprivacy.photos.services import face_tag, photo_publish, publication_withdraw
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, upload
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]
Capture = Callable[..., Any]


def _api(user: User) -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _file(data: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _json(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def _tag_all(p: PhotoWorld) -> None:
    w = p.world
    face_tag(actor=w.teacher, face=p.faces[0], pupil=w.pupil_a)
    face_tag(actor=w.teacher, face=p.faces[1], pupil=p.pupil_c)
    face_tag(actor=w.teacher, face=p.faces[2], not_a_pupil=True)


def _live_publication(p: PhotoWorld) -> Publication:
    outcome = photo_publish(actor=p.world.teacher, photo=p.photo, channel=p.website)
    assert outcome.publication is not None
    return outcome.publication


def _pixels(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --- upload -----------------------------------------------------------------------------------


def test_an_upload_strips_the_metadata_and_detection_follows(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = photos.world
    client = _api(w.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/photos",
            {
                "file": _file(samples.astronaut_jpeg()),
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
    assert len(_pixels(stored).getexif()) == 0
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
        response = _api(w.director).post(
            "/api/v1/photos",
            {
                "file": _file(samples.jpeg_bytes(image)),
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

    faces = _api(w.director).get(f"/api/v1/photos/{body['id']}").json()["faces"]
    assert len(faces) == 3
    assert all(f["box"]["width"] > 0 and f["box"]["height"] > 0 for f in faces)


def test_a_refused_image_is_a_400_with_a_translated_message_and_no_event(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    form = {"event_name": "Kerstviering", "event_date": "2026-12-18", "school": w.school_a.pk}
    client = _api(w.teacher)
    response = client.post(
        "/api/v1/photos",
        {**form, "file": _file(samples.text_file_named_jpg())},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "not_an_image",
        "message": "This file is not a JPEG, PNG or WebP image.",
    }
    dutch = client.post("/api/v1/photos", {**form, "file": _file(samples.truncated_jpeg())})
    assert dutch.status_code == 400
    assert dutch.json()["code"] == "damaged"
    assert dutch["Content-Language"] == "nl"
    assert not PhotoEvent.objects.filter(name="Kerstviering").exists()
    assert Photo.objects.count() == 1


def test_an_upload_without_a_complete_event_is_a_400(photos: PhotoWorld) -> None:
    w = photos.world
    no_date = _api(w.teacher).post(
        "/api/v1/photos", {"file": _file(samples.astronaut_jpeg()), "event_name": "Zonder datum"}
    )
    assert (no_date.status_code, no_date.json()["code"]) == (400, "event_missing")
    response = _api(w.teacher).post(
        "/api/v1/photos",
        {
            "file": _file(samples.astronaut_jpeg()),
            "event_name": "  ",
            "event_date": "2026-12-18",
            "school": w.school_a.pk,
        },
    )
    assert (response.status_code, response.json()["code"]) == (400, "name")
    assert Photo.objects.count() == 1


def test_a_teacher_cannot_file_a_photo_under_another_group(photos: PhotoWorld) -> None:
    w = photos.world
    response = _api(w.teacher).post(
        "/api/v1/photos",
        {"file": _file(samples.astronaut_jpeg()), "event": photos.event.pk, "group": w.group_a2.pk},
    )
    assert response.status_code == 404
    assert Photo.objects.count() == 1


# --- reading and tagging -----------------------------------------------------------------------


def test_the_photo_shows_faces_and_tags(photos: PhotoWorld) -> None:
    _tag_all(photos)
    body = _api(photos.world.director).get(f"/api/v1/photos/{photos.photo.pk}").json()
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
    response = _json(_api(w.teacher), url, {"pupil": w.pupil_a.pk, "not_a_pupil": False})
    assert response.status_code == 200, response.content
    assert response.json()["pupil"] == w.pupil_a.pk
    face.refresh_from_db()
    assert (face.pupil, face.tagged_by) == (w.pupil_a, w.teacher)
    assert AuditEvent.objects.get(action="photos.face.tagged").channel == "api"

    cleared = _json(_api(w.teacher), url, {"pupil": None, "not_a_pupil": False})
    assert cleared.json() == {**response.json(), "pupil": None}
    face.refresh_from_db()
    assert face.is_unknown


def test_a_pupil_the_caller_may_not_see_is_a_404(photos: PhotoWorld) -> None:
    w = photos.world
    face = photos.faces[0]
    url = f"/api/v1/photos/{photos.photo.pk}/faces/{face.pk}"
    for pupil_id in (w.pupil_b.pk, w.pupil_a2.pk, 999_999):
        response = _json(_api(w.teacher), url, {"pupil": pupil_id})
        assert response.status_code == 404
    face.refresh_from_db()
    assert face.is_unknown


def test_tag_rules_are_a_400_with_a_code(photos: PhotoWorld) -> None:
    w = photos.world
    client = _api(w.teacher)
    base = f"/api/v1/photos/{photos.photo.pk}/faces"
    both = _json(
        client,
        f"{base}/{photos.faces[0].pk}",
        {"pupil": w.pupil_a.pk, "not_a_pupil": True},
        headers={"Accept-Language": "en"},
    )
    assert both.status_code == 400
    assert both.json() == {"code": "both", "message": 'Choose a pupil or "not a pupil", not both.'}
    assert _json(client, f"{base}/{photos.faces[0].pk}", {"pupil": w.pupil_a.pk}).status_code == 200
    twice = _json(client, f"{base}/{photos.faces[1].pk}", {"pupil": w.pupil_a.pk})
    assert (twice.status_code, twice.json()["code"]) == (400, "twice")


def test_a_visible_pupil_of_another_school_is_a_400(photos: PhotoWorld) -> None:
    w = photos.world
    # The director of school A who also teaches 2B sees pupil_b, but not on a school A photo.
    factories.assign(Staff.objects.get(user=w.director), Role.TEACHER, group=w.group_b)
    url = f"/api/v1/photos/{photos.photo.pk}/faces/{photos.faces[0].pk}"
    response = _json(_api(w.director), url, {"pupil": w.pupil_b.pk})
    assert (response.status_code, response.json()["code"]) == (400, "not_taggable")
    photos.faces[0].refresh_from_db()
    assert photos.faces[0].is_unknown


def test_a_face_of_another_photo_is_a_404(photos: PhotoWorld) -> None:
    w = photos.world
    other = upload(w, samples.astronaut_jpeg(), event=photos.event)
    url = f"/api/v1/photos/{other.pk}/faces/{photos.faces[0].pk}"
    assert _json(_api(w.teacher), url, {"not_a_pupil": True}).status_code == 404


# --- publication --------------------------------------------------------------------------------


def test_a_blocking_channel_answers_409_naming_the_pupil_without_consent(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    _tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    response = _json(
        _api(w.teacher),
        f"/api/v1/photos/{photos.photo.pk}/publications",
        {"channel": "social_media", "external_reference": "https://example.nl/post/1"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert (body["status"], body["publication"], body["blurred_faces"]) == ("blocked", None, [])
    assert body["reasons"] == [
        {
            "code": "no_consent",
            "message": "A pupil in this photo has no consent for this channel.",
            "face": photos.faces[1].pk,
            "pupil": photos.pupil_c.pk,
            "consent_status": "unanswered",
        }
    ]
    assert not Publication.objects.exists()
    assert AuditEvent.objects.get(action="photos.publication.blocked").channel == "api"


def test_a_blurring_channel_publishes_with_the_faces_without_consent_blurred(
    photos: PhotoWorld, client: Client
) -> None:
    w = photos.world
    _tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    api = _api(w.teacher)
    response = _json(api, f"/api/v1/photos/{photos.photo.pk}/publications", {"channel": "website"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["blurred_faces"], body["reasons"]) == (
        "published_blurred",
        [photos.faces[1].pk],
        [],
    )
    publication = Publication.objects.get()
    token_url = f"http://testserver/p/{publication.token}.jpg"
    image_url = f"http://testserver/api/v1/publications/{publication.pk}/image"
    assert body["publication"] == {"id": publication.pk, "url": token_url, "image": image_url}
    # The public address serves the same rendition as the API.
    public = client.get(token_url)
    assert public.status_code == 200
    assert public.content == api.get(image_url).content
    [listed] = api.get(f"/api/v1/photos/{photos.photo.pk}").json()["publications"]
    assert listed == {
        "id": publication.pk,
        "channel": "website",
        "status": "live",
        "version": 1,
        "url": token_url,
        "image": image_url,
    }

    again = _json(api, f"/api/v1/photos/{photos.photo.pk}/publications", {"channel": "website"})
    assert (again.status_code, again.json()["code"]) == (400, "live")


def test_an_unknown_channel_is_a_400(photos: PhotoWorld) -> None:
    response = _json(
        _api(photos.world.teacher),
        f"/api/v1/photos/{photos.photo.pk}/publications",
        {"channel": "billboard"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_channel")


def test_the_image_is_a_downscaled_rendition_and_goes_when_withdrawn(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = photos.world
    api = _api(w.teacher)
    image, _boxes = samples.group_photo(2, size=(3000, 2000), face_height=300)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = api.post(
            "/api/v1/photos", {"file": _file(samples.jpeg_bytes(image)), "event": photos.event.pk}
        )
    photo = Photo.objects.get(pk=uploaded.json()["id"])
    published = _json(api, f"/api/v1/photos/{photo.pk}/publications", {"channel": "website"})
    assert published.status_code == 201, published.content
    # Nobody is tagged: every face is unknown, so every face is blurred.
    assert sorted(published.json()["blurred_faces"]) == sorted(
        photo.faces.values_list("pk", flat=True)
    )
    assert len(published.json()["blurred_faces"]) == 2

    response = api.get(published.json()["publication"]["image"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-cache"
    rendition = _pixels(response.content)
    assert rendition.format == "JPEG"
    assert max(rendition.size) <= 2048
    original = storage.read(photo.original)
    assert response.content != original
    assert _pixels(original).size == (3000, 2000)

    publication = Publication.objects.get(photo=photo)
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(actor=w.teacher, publication=publication)
    assert api.get(published.json()["publication"]["image"]).status_code == 404
    [listed] = api.get(f"/api/v1/photos/{photo.pk}").json()["publications"]
    assert (listed["status"], listed["url"], listed["image"]) == ("withdrawn", None, None)


# --- who may not --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_endpoint(photos: PhotoWorld, persona: str) -> None:
    w = photos.world
    publication = _live_publication(photos)
    client = _api(getattr(w, persona))
    photo_url = f"/api/v1/photos/{photos.photo.pk}"
    new_event = {"event_name": "Kerstviering", "event_date": "2026-12-18", "school": w.school_a.pk}
    for target in ({"event": photos.event.pk}, new_event):
        answer = client.post("/api/v1/photos", {**target, "file": _file(samples.astronaut_jpeg())})
        assert answer.status_code == 404
    assert client.get(photo_url).status_code == 404
    face_url = f"{photo_url}/faces/{photos.faces[0].pk}"
    assert _json(client, face_url, {"not_a_pupil": True}).status_code == 404
    assert _json(client, f"{photo_url}/publications", {"channel": "newsletter"}).status_code == 404
    assert client.get(f"/api/v1/publications/{publication.pk}/image").status_code == 404
    counts = (Photo.objects.count(), PhotoEvent.objects.count(), Publication.objects.count())
    assert counts == (1, 1, 1)
    assert not Face.objects.filter(not_a_pupil=True).exists()


def test_without_a_token_every_endpoint_is_a_401(photos: PhotoWorld, client: Client) -> None:
    publication = _live_publication(photos)
    photo_url = f"/api/v1/photos/{photos.photo.pk}"
    assert (
        client.post(
            "/api/v1/photos", {"file": _file(samples.astronaut_jpeg()), "event": photos.event.pk}
        ).status_code
        == 401
    )
    assert client.get(photo_url).status_code == 401
    face_url = f"{photo_url}/faces/{photos.faces[0].pk}"
    assert _json(client, face_url, {"not_a_pupil": True}).status_code == 401
    assert _json(client, f"{photo_url}/publications", {"channel": "website"}).status_code == 401
    assert client.get(f"/api/v1/publications/{publication.pk}/image").status_code == 401


def test_the_openapi_document_lists_the_photo_endpoints(client: Client, world: World) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/photos",
        "/api/v1/photos/{photo_id}",
        "/api/v1/photos/{photo_id}/faces/{face_id}",
        "/api/v1/photos/{photo_id}/publications",
        "/api/v1/publications/{publication_id}/image",
    } <= set(paths)
    publish = paths["/api/v1/photos/{photo_id}/publications"]["post"]
    assert {"201", "400", "409"} <= set(publish["responses"])
    assert "409" in publish["description"]
    image = paths["/api/v1/publications/{publication_id}/image"]["get"]
    assert "image/jpeg" in image["responses"]["200"]["content"]
    upload_op = paths["/api/v1/photos"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
