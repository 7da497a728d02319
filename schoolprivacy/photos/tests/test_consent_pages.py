"""Consent in practice: who may appear before a shoot, and the director's takedowns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.models import Takedown
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.photos.tests.page_helpers import (
    EN,
)
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


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
