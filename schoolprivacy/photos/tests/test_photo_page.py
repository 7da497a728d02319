"""One photo's staff page: the preview and its boxes, tagging, publishing, taking offline."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.photos.models import Face, Photo, Publication
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, tag_all
from schoolprivacy.photos.tests.page_helpers import (
    EN,
    group_jpeg,
    jpeg_file,
    pages_of,
    upload_page,
)

pytestmark = pytest.mark.django_db


def test_the_photo_page_draws_a_numbered_box_per_face(photos: PhotoWorld, staff_client):
    page = (
        staff_client(photos.world.teacher)
        .get(reverse("photos:photo", args=[photos.photo.pk]), headers=EN)
        .content.decode()
    )
    assert f'viewBox="0 0 {photos.photo.width} {photos.photo.height}"' in page
    assert page.count("<rect") == 3
    for number in (1, 2, 3):
        assert f">Face {number}:</label>" in page
    first = photos.faces[0]
    assert f'x="{first.x}" y="{first.y}" width="{first.width}"' in page


def test_tagging_through_the_page(photos: PhotoWorld, staff_client):
    client = staff_client(photos.world.teacher)
    face = photos.faces[0]
    url = reverse("photos:face_tag", args=[photos.photo.pk, face.pk])
    response = client.post(url, {f"face-{face.pk}-tag": str(photos.world.pupil_a.pk)})
    assert response.status_code == 302
    face.refresh_from_db()
    assert face.pupil == photos.world.pupil_a and face.tagged_by == photos.world.teacher
    page = client.get(reverse("photos:photo", args=[photos.photo.pk]), headers=EN)
    assert "Tagged by" in page.content.decode()
    client.post(url, {f"face-{face.pk}-tag": "not_a_pupil"})
    face.refresh_from_db()
    assert face.pupil is None and face.not_a_pupil
    client.post(url, {f"face-{face.pk}-tag": "unknown"})
    face.refresh_from_db()
    assert face.is_unknown


@pytest.mark.parametrize("pupil", ["pupil_b", "pupil_a2"])
def test_a_pupil_the_teacher_may_not_see_cannot_be_tagged(
    photos: PhotoWorld, staff_client, pupil: str
):
    client = staff_client(photos.world.teacher)
    face = photos.faces[0]
    target = getattr(photos.world, pupil)
    url = reverse("photos:face_tag", args=[photos.photo.pk, face.pk])
    response = client.post(url, {f"face-{face.pk}-tag": str(target.pk)}, follow=True)
    face.refresh_from_db()
    assert face.is_unknown
    assert target.name not in response.content.decode()


def _publish(p: PhotoWorld, client: Client, channel: int, **kwargs: Any) -> Any:
    url = reverse("photos:publish", args=[p.photo.pk])
    return client.post(url, {"channel": channel}, headers=EN, **kwargs)


def test_publishing_to_a_blocking_channel_lists_the_reasons(photos: PhotoWorld, staff_client):
    tag_all(photos)
    response = _publish(photos, staff_client(photos.world.teacher), photos.social_media.pk)
    page = response.content.decode()
    assert response.status_code == 200 and not Publication.objects.exists()
    assert "Not published: Social media" in page
    assert "Face 1</a> (Sanne Jansen): A pupil in this photo has no consent" in page
    assert "Face 2</a> (Daan Smit): A pupil in this photo has no consent" in page
    assert "Face 3</a>" not in page.split('id="publish-result"')[1].split("</div>")[0]


def test_a_block_for_two_kinds_of_reason_lists_both(photos: PhotoWorld, staff_client):
    face_tag(actor=photos.world.teacher, face=photos.faces[1], pupil=photos.pupil_c)
    response = _publish(photos, staff_client(photos.world.teacher), photos.social_media.pk)
    page = response.content.decode()
    assert "Face 2</a> (Daan Smit): A pupil in this photo has no consent" in page
    assert "Face 1</a>: A face in this photo is not tagged" in page


def test_publishing_with_blur_says_how_many_faces_were_blurred(photos: PhotoWorld, staff_client):
    tag_all(photos)
    grant(photos.world.parent.guardian, photos.world.pupil_a, photos.website_purpose)
    client = staff_client(photos.world.teacher)
    response = client.post(
        reverse("photos:publish", args=[photos.photo.pk]),
        {"channel": photos.website.pk},
        headers=EN,
        follow=True,
    )
    page = response.content.decode()
    assert "Published in Website with 1 face blurred." in page
    publication = Publication.objects.get()
    assert reverse("photos:rendition", args=[publication.token]) in page
    # The table says what the gate says: without consent Daan blocks the social media channel.
    assert page.count("blocks this channel") >= 1


def test_taking_a_publication_offline_makes_its_address_404(photos: PhotoWorld, staff_client):
    tag_all(photos)
    publication = photo_publish(
        actor=photos.world.teacher, photo=photos.photo, channel=photos.website
    ).publication
    assert publication is not None
    address = reverse("photos:rendition", args=[publication.token])
    assert Client().get(address).status_code == 200
    outsider = staff_client(photos.world.teacher_b)
    withdraw = reverse("photos:publication_withdraw", args=[publication.pk])
    assert outsider.post(withdraw).status_code == 404
    assert Client().get(address).status_code == 200
    response = staff_client(photos.world.teacher).post(withdraw)
    assert response.status_code == 302
    assert Client().get(address).status_code == 404
    page = staff_client(photos.world.teacher).get(reverse("photos:photo", args=[photos.photo.pk]))
    assert address not in page.content.decode()


def test_the_preview_is_the_unblurred_photo_and_never_cached(photos: PhotoWorld, staff_client):
    client = staff_client(photos.world.teacher)
    url = reverse("photos:preview", args=[photos.photo.pk])
    full, small = client.get(url), client.get(url + "?size=small")
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    assert full["Cache-Control"] == "no-store, private"
    assert small.content[:2] == b"\xff\xd8" and len(small.content) < len(full.content)


def test_no_page_names_the_stored_original(photos: PhotoWorld, staff_client):
    tag_all(photos)
    grant(photos.world.parent.guardian, photos.world.pupil_a, photos.website_purpose)
    photo_publish(actor=photos.world.teacher, photo=photos.photo, channel=photos.website)
    secret = photos.photo.original.rsplit("/", 1)[-1].split(".")[0]
    publication = Publication.objects.get()
    for user in (photos.world.teacher, photos.world.director):
        client = staff_client(user)
        for url in pages_of(photos) + [reverse("photos:takedowns")] * (
            user == photos.world.director
        ):
            html = client.get(url).content.decode()
            assert secret not in html and publication.rendition not in html, url
    result = upload_page(
        staff_client(photos.world.teacher), photos.world, [jpeg_file("x.jpg", group_jpeg())]
    )
    new = Photo.objects.latest("pk").original.rsplit("/", 1)[-1].split(".")[0]
    assert new not in result.content.decode()


def test_all_faces_are_tagged_with_one_save_and_tags_can_be_swapped(
    photos: PhotoWorld, staff_client: Any
) -> None:
    w = photos.world
    client = staff_client(w.teacher)
    first, second, third = photos.faces
    url = reverse("photos:faces_tag", args=[photos.photo.pk])
    fields = {
        f"face-{first.pk}-tag": str(w.pupil_a.pk),
        f"face-{second.pk}-tag": str(photos.pupil_c.pk),
        f"face-{third.pk}-tag": "not_a_pupil",
    }
    assert client.post(url, fields).status_code == 302
    tags = dict(Face.objects.values_list("pk", "pupil_id"))
    assert (tags[first.pk], tags[second.pk]) == (w.pupil_a.pk, photos.pupil_c.pk)
    assert Face.objects.get(pk=third.pk).not_a_pupil
    # Swapped in one go: checked against the final state, so no "already tagged" refusal.
    swapped = {**fields, f"face-{first.pk}-tag": str(photos.pupil_c.pk)}
    swapped[f"face-{second.pk}-tag"] = str(w.pupil_a.pk)
    client.post(url, swapped)
    tags = dict(Face.objects.values_list("pk", "pupil_id"))
    assert (tags[first.pk], tags[second.pk]) == (photos.pupil_c.pk, w.pupil_a.pk)
    # The same pupil on two faces changes nothing at all.
    twice = {**swapped, f"face-{third.pk}-tag": str(w.pupil_a.pk)}
    page = client.post(url, twice, follow=True).content.decode()
    assert "al bij een ander gezicht aangeduid" in page
    assert Face.objects.get(pk=third.pk).not_a_pupil


def test_outsiders_cannot_tag_all_faces(photos: PhotoWorld, staff_client: Any) -> None:
    url = reverse("photos:faces_tag", args=[photos.photo.pk])
    field = {f"face-{photos.faces[0].pk}-tag": "not_a_pupil"}
    for persona in ("teacher_b", "other_board_staff", "administration", "privacy_officer"):
        assert staff_client(getattr(photos.world, persona)).post(url, field).status_code == 404
    assert not Face.objects.filter(not_a_pupil=True).exists()
