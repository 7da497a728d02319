"""The staff pages of the photo library: who reaches them, the library and the upload."""

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import PhotoWorld
from schoolprivacy.photos.tests.page_helpers import (
    EN,
    JSON,
    OUTSIDERS,
    group_jpeg,
    jpeg_file,
    pages_of,
    upload_page,
)

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_the_teacher_of_the_group(photos: PhotoWorld, staff_client):
    client = staff_client(photos.world.teacher)
    for url in pages_of(photos):
        response = client.get(url, headers=EN)
        assert response.status_code == 200, url
    library = client.get(reverse("photos:library"), headers=EN).content.decode()
    assert "Sportdag" in library and "3 faces" in library and "3 not tagged" in library
    assert reverse("photos:preview", args=[photos.photo.pk]) + "?size=small" in library
    director = staff_client(photos.world.director)
    assert director.get(reverse("photos:takedowns")).status_code == 200
    assert director.get(reverse("photos:photo", args=[photos.photo.pk])).status_code == 200


def test_the_library_says_when_there_are_no_photos(world: World, staff_client):
    page = staff_client(world.teacher).get(reverse("photos:library"), headers=EN)
    assert "There are no photos yet" in page.content.decode()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_for_the_photo_and_its_actions(
    photos: PhotoWorld, staff_client, persona: str
):
    client = staff_client(getattr(photos.world, persona))
    photo, face = photos.photo, photos.faces[0]
    for url in [
        reverse("photos:photo", args=[photo.pk]),
        reverse("photos:preview", args=[photo.pk]),
        reverse("photos:who_may_appear") + f"?group={photos.world.group_a.pk}",
        reverse("photos:takedowns"),
    ]:
        assert client.get(url).status_code == 404, url
    tag = reverse("photos:face_tag", args=[photo.pk, face.pk])
    assert client.post(tag, {f"face-{face.pk}-tag": "not_a_pupil"}).status_code == 404
    publish = reverse("photos:publish", args=[photo.pk])
    assert client.post(publish, {"channel": photos.website.pk}).status_code == 404
    face.refresh_from_db()
    assert face.is_unknown and not Publication.objects.exists()


@pytest.mark.parametrize("persona", ["other_board_staff", "administration", "privacy_officer"])
def test_staff_without_photo_work_do_not_reach_the_library(
    world: World, staff_client, persona: str
):
    client = staff_client(getattr(world, persona))
    for url in [
        reverse("photos:library"),
        reverse("photos:upload"),
        reverse("photos:who_may_appear"),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_teacher_of_another_school_sees_an_empty_library(photos: PhotoWorld, staff_client):
    page = staff_client(photos.world.teacher_b).get(reverse("photos:library"), headers=EN)
    assert page.status_code == 200
    assert "Sportdag" not in page.content.decode()
    upload = staff_client(photos.world.teacher_b).get(
        reverse("photos:upload") + f"?school={photos.world.school_a.pk}"
    )
    assert upload.status_code == 404


def test_parents_get_404_and_anonymous_visitors_are_sent_to_sign_in(
    photos: PhotoWorld, parent_client
):
    parent = parent_client(photos.world.parent)
    for url in [*pages_of(photos), reverse("photos:preview", args=[photos.photo.pk])]:
        assert parent.get(url).status_code == 404, url
        response = Client().get(url)
        assert response.status_code == 302 and "next=" in response["Location"], url


def test_the_upload_stores_the_photo_without_its_metadata(world: World, staff_client):
    response = upload_page(
        staff_client(world.teacher),
        world,
        [jpeg_file("IMG_0001.jpg", samples.astronaut_jpeg())],
    )
    assert response.status_code == 200
    photo = Photo.objects.get()
    assert photo.event.name == "Schoolreisje" and photo.group == world.group_a
    stored = storage.read(photo.original)
    assert all(secret not in stored for secret in samples.SECRETS)
    page = response.content.decode()
    assert "IMG_0001.jpg" in page and "Stored" in page
    assert reverse("photos:photo", args=[photo.pk]) in page


def test_a_refused_file_shows_why_and_the_good_files_are_kept(world: World, staff_client):
    files = [
        jpeg_file("goed-1.jpg", samples.astronaut_jpeg()),
        jpeg_file("notities.jpg", samples.text_file_named_jpg()),
        jpeg_file("goed-2.jpg", group_jpeg()),
    ]
    page = upload_page(staff_client(world.teacher), world, files).content.decode()
    assert Photo.objects.count() == 2
    assert "This file is not a JPEG, PNG or WebP image." in page
    assert page.count("Refused") == 1 and "notities.jpg" in page


def test_the_script_uploads_one_file_per_request_and_gets_json(world: World, staff_client):
    client = staff_client(world.teacher)
    created = client.post(
        reverse("photos:event_create") + f"?school={world.school_a.pk}",
        {"new-name": "Kerstviering", "new-held_on": "2026-12-18"},
        headers=JSON,
    )
    assert created.status_code == 201
    event_id = created.json()["id"]
    common = {"school": world.school_a.pk, "event": event_id, "group": ""}
    good = client.post(
        reverse("photos:upload"),
        {**common, "photos": jpeg_file("a.jpg", group_jpeg())},
        headers=JSON,
    )
    bad = client.post(
        reverse("photos:upload"),
        {**common, "photos": jpeg_file("b.jpg", samples.truncated_jpeg())},
        headers=JSON,
    )
    assert good.status_code == 200 and good.json()["stored"] is True
    assert bad.status_code == 422 and bad.json()["stored"] is False
    assert "damaged" in bad.json()["message"]
    assert list(Photo.objects.values_list("event_id", flat=True)) == [event_id]


def test_a_new_event_needs_a_name_and_a_date(world: World, staff_client):
    response = upload_page(
        staff_client(world.teacher), world, [jpeg_file("a.jpg", group_jpeg())], **{"new-name": ""}
    )
    assert response.status_code == 400
    assert "Give the event a name." in response.content.decode()
    assert not Photo.objects.exists()


def test_while_faces_are_looked_for_the_photo_page_says_so(world: World, staff_client):
    client = staff_client(world.teacher)
    # The test transaction never commits, so the detection task (run on commit) has not run.
    upload_page(client, world, [jpeg_file("a.jpg", group_jpeg())])
    photo = Photo.objects.get()
    page = client.get(reverse("photos:photo", args=[photo.pk]), headers=EN).content.decode()
    assert "still being looked for" in page
    assert "<rect" not in page


def test_pages_are_dutch_by_default_and_english_on_request(photos: PhotoWorld, staff_client):
    client = staff_client(photos.world.teacher)
    url = reverse("photos:photo", args=[photos.photo.pk])
    dutch = client.get(url).content.decode()
    english = client.get(url, headers=EN).content.decode()
    assert '<html lang="nl">' in dutch and "Direct naar de inhoud" in dutch
    assert '<html lang="en">' in english and "Who is on this photo" in english


def test_the_navigation_shows_photos_to_staff_with_photo_work(world: World, staff_client):
    def nav(user: User) -> str:
        html = staff_client(user).get(reverse("web:home"), headers=EN).content.decode()
        return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]

    assert reverse("photos:library") in nav(world.teacher)
    assert reverse("photos:library") in nav(world.director)
    assert reverse("photos:library") not in nav(world.privacy_officer)
    assert reverse("photos:library") not in nav(world.administration)
