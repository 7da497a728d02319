"""The photo API, publication through the consent gate and the rendition; outsiders get 404 on
every endpoint, callers without a token 401."""

import pytest
from django.test import Client

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Face, Photo, PhotoEvent, Publication
from schoolprivacy.photos.services import publication_withdraw
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.api_helpers import (
    OUTSIDERS,
    Capture,
    api_client,
    live_publication,
    pixels_of,
    post_json,
    upload_file,
)
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, tag_all

pytestmark = pytest.mark.django_db


def test_a_blocking_channel_answers_409_naming_the_pupil_without_consent(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    response = post_json(
        api_client(w.teacher),
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
    tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    api = api_client(w.teacher)
    response = post_json(
        api, f"/api/v1/photos/{photos.photo.pk}/publications", {"channel": "website"}
    )
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

    again = post_json(api, f"/api/v1/photos/{photos.photo.pk}/publications", {"channel": "website"})
    assert (again.status_code, again.json()["code"]) == (400, "live")


def test_an_unknown_channel_is_a_400(photos: PhotoWorld) -> None:
    response = post_json(
        api_client(photos.world.teacher),
        f"/api/v1/photos/{photos.photo.pk}/publications",
        {"channel": "billboard"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_channel")


def test_the_image_is_a_downscaled_rendition_and_goes_when_withdrawn(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    w = photos.world
    api = api_client(w.teacher)
    image, _boxes = samples.group_photo(2, size=(3000, 2000), face_height=300)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = api.post(
            "/api/v1/photos",
            {"file": upload_file(samples.jpeg_bytes(image)), "event": photos.event.pk},
        )
    photo = Photo.objects.get(pk=uploaded.json()["id"])
    published = post_json(api, f"/api/v1/photos/{photo.pk}/publications", {"channel": "website"})
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
    rendition = pixels_of(response.content)
    assert rendition.format == "JPEG"
    assert max(rendition.size) <= 2048
    original = storage.read(photo.original)
    assert response.content != original
    assert pixels_of(original).size == (3000, 2000)

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
    publication = live_publication(photos)
    client = api_client(getattr(w, persona))
    photo_url = f"/api/v1/photos/{photos.photo.pk}"
    new_event = {"event_name": "Kerstviering", "event_date": "2026-12-18", "school": w.school_a.pk}
    for target in ({"event": photos.event.pk}, new_event):
        answer = client.post(
            "/api/v1/photos", {**target, "file": upload_file(samples.astronaut_jpeg())}
        )
        assert answer.status_code == 404
    assert client.get(photo_url).status_code == 404
    face_url = f"{photo_url}/faces/{photos.faces[0].pk}"
    assert post_json(client, face_url, {"not_a_pupil": True}).status_code == 404
    assert (
        post_json(client, f"{photo_url}/publications", {"channel": "newsletter"}).status_code == 404
    )
    assert client.get(f"/api/v1/publications/{publication.pk}/image").status_code == 404
    counts = (Photo.objects.count(), PhotoEvent.objects.count(), Publication.objects.count())
    assert counts == (1, 1, 1)
    assert not Face.objects.filter(not_a_pupil=True).exists()


def test_without_a_token_every_endpoint_is_a_401(photos: PhotoWorld, client: Client) -> None:
    publication = live_publication(photos)
    photo_url = f"/api/v1/photos/{photos.photo.pk}"
    assert (
        client.post(
            "/api/v1/photos",
            {"file": upload_file(samples.astronaut_jpeg()), "event": photos.event.pk},
        ).status_code
        == 401
    )
    assert client.get(photo_url).status_code == 401
    face_url = f"{photo_url}/faces/{photos.faces[0].pk}"
    assert post_json(client, face_url, {"not_a_pupil": True}).status_code == 401
    assert post_json(client, f"{photo_url}/publications", {"channel": "website"}).status_code == 401
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
