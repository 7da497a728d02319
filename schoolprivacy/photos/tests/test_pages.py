"""The staff pages of the photo library: who reaches them, and that each does what it says."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Face, Photo, Publication, Takedown
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}
JSON = {"Accept": "application/json", **EN}
OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]


def _jpeg(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _group_jpeg() -> bytes:
    image, _boxes = samples.group_photo(2, size=(800, 600), face_height=120)
    return samples.jpeg_bytes(image)


def _upload(client: Client, world: World, files: list[SimpleUploadedFile], **extra: str):
    data = {
        "school": str(world.school_a.pk),
        "event": "new",
        "new-name": "Schoolreisje",
        "new-held_on": "2026-10-02",
        "group": str(world.group_a.pk),
        "photos": files,
        **extra,
    }
    return client.post(reverse("photos:upload"), data, headers=EN)


def _tag_all(p: PhotoWorld) -> None:
    face_tag(actor=p.world.teacher, face=p.faces[0], pupil=p.world.pupil_a)
    face_tag(actor=p.world.teacher, face=p.faces[1], pupil=p.pupil_c)
    face_tag(actor=p.world.teacher, face=p.faces[2], not_a_pupil=True)


def _pages(p: PhotoWorld) -> list[str]:
    return [
        reverse("photos:library"),
        reverse("photos:upload"),
        reverse("photos:photo", args=[p.photo.pk]),
        reverse("photos:who_may_appear") + f"?group={p.world.group_a.pk}",
        reverse("photos:event_create"),
    ]


def test_every_page_renders_for_the_teacher_of_the_group(photos: PhotoWorld, staff_client):
    client = staff_client(photos.world.teacher)
    for url in _pages(photos):
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
    for url in [*_pages(photos), reverse("photos:preview", args=[photos.photo.pk])]:
        assert parent.get(url).status_code == 404, url
        response = Client().get(url)
        assert response.status_code == 302 and "next=" in response["Location"], url


def test_the_upload_stores_the_photo_without_its_metadata(world: World, staff_client):
    response = _upload(
        staff_client(world.teacher), world, [_jpeg("IMG_0001.jpg", samples.astronaut_jpeg())]
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
        _jpeg("goed-1.jpg", samples.astronaut_jpeg()),
        _jpeg("notities.jpg", samples.text_file_named_jpg()),
        _jpeg("goed-2.jpg", _group_jpeg()),
    ]
    page = _upload(staff_client(world.teacher), world, files).content.decode()
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
        reverse("photos:upload"), {**common, "photos": _jpeg("a.jpg", _group_jpeg())}, headers=JSON
    )
    bad = client.post(
        reverse("photos:upload"),
        {**common, "photos": _jpeg("b.jpg", samples.truncated_jpeg())},
        headers=JSON,
    )
    assert good.status_code == 200 and good.json()["stored"] is True
    assert bad.status_code == 422 and bad.json()["stored"] is False
    assert "damaged" in bad.json()["message"]
    assert list(Photo.objects.values_list("event_id", flat=True)) == [event_id]


def test_a_new_event_needs_a_name_and_a_date(world: World, staff_client):
    response = _upload(
        staff_client(world.teacher), world, [_jpeg("a.jpg", _group_jpeg())], **{"new-name": ""}
    )
    assert response.status_code == 400
    assert "Give the event a name." in response.content.decode()
    assert not Photo.objects.exists()


def test_while_faces_are_looked_for_the_photo_page_says_so(world: World, staff_client):
    client = staff_client(world.teacher)
    # The test transaction never commits, so the detection task (run on commit) has not run.
    _upload(client, world, [_jpeg("a.jpg", _group_jpeg())])
    photo = Photo.objects.get()
    page = client.get(reverse("photos:photo", args=[photo.pk]), headers=EN).content.decode()
    assert "still being looked for" in page
    assert "<rect" not in page


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
    _tag_all(photos)
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
    _tag_all(photos)
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
    _tag_all(photos)
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
    _tag_all(photos)
    grant(photos.world.parent.guardian, photos.world.pupil_a, photos.website_purpose)
    photo_publish(actor=photos.world.teacher, photo=photos.photo, channel=photos.website)
    secret = photos.photo.original.rsplit("/", 1)[-1].split(".")[0]
    publication = Publication.objects.get()
    for user in (photos.world.teacher, photos.world.director):
        client = staff_client(user)
        for url in _pages(photos) + [reverse("photos:takedowns")] * (user == photos.world.director):
            html = client.get(url).content.decode()
            assert secret not in html and publication.rendition not in html, url
    result = _upload(
        staff_client(photos.world.teacher), photos.world, [_jpeg("x.jpg", _group_jpeg())]
    )
    new = Photo.objects.latest("pk").original.rsplit("/", 1)[-1].split(".")[0]
    assert new not in result.content.decode()


def test_the_director_marks_a_takedown_as_done(photos: PhotoWorld, staff_client):
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for helper in photos.faces[1:]:
        face_tag(actor=w.teacher, face=helper, not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    publication = photo_publish(
        actor=w.teacher,
        photo=photos.photo,
        channel=photos.social_media,
        external_reference="https://example.nl/post/1",
    ).publication
    assert publication is not None
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose, "withdrawn")
    handle_pending()
    takedown = Takedown.objects.get(publication=publication)
    director = staff_client(w.director)
    page = director.get(reverse("photos:takedowns"), headers=EN).content.decode()
    assert "https://example.nl/post/1" in page and "Must be removed by a person" in page
    done = reverse("photos:takedown_done", args=[takedown.pk])
    assert staff_client(w.teacher).post(done).status_code == 404
    assert staff_client(w.teacher).get(reverse("photos:takedowns")).status_code == 404
    assert director.post(done).status_code == 302
    takedown.refresh_from_db()
    assert takedown.done_by == w.director
    assert (
        "Nothing to take back."
        in director.get(reverse("photos:takedowns"), headers=EN).content.decode()
    )


def test_who_may_appear_says_yes_only_for_consent(photos: PhotoWorld, staff_client):
    grant(photos.world.parent.guardian, photos.world.pupil_a, photos.website_purpose)
    url = reverse("photos:who_may_appear") + f"?group={photos.world.group_a.pk}"
    page = staff_client(photos.world.teacher).get(url, headers=EN).content.decode()
    sanne = page.split("Sanne Jansen", 1)[1].split("</tr>", 1)[0]
    daan = page.split("Daan Smit", 1)[1].split("</tr>", 1)[0]
    assert sanne.count("may-appear-yes") == 1
    assert "may-appear-yes" not in daan and "(no answer)" in daan
    assert (
        staff_client(photos.world.teacher)
        .get(reverse("photos:who_may_appear") + f"?group={photos.world.group_a2.pk}")
        .status_code
        == 404
    )


def test_who_may_appear_costs_the_same_queries_for_5_and_25_pupils(
    photos: PhotoWorld, staff_client
):
    group = factories.make_group(school=photos.world.school_a, name="Groep 8", year_level=8)
    for n in range(5):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Vijf")
    client = staff_client(photos.world.director)
    url = reverse("photos:who_may_appear") + f"?group={group.pk}"
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_5 = count()
    for n in range(20):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Vijfentwintig")
    assert count() == with_5
    assert client.get(url).content.decode().count("Vijfentwintig") == 20


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
