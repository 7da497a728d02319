"""A web upload makes its new event only with the first photo that is stored (issue 12.7)."""

import pytest
from django.urls import reverse

from schoolprivacy.photos.models import Photo, PhotoEvent
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.page_helpers import JSON, group_jpeg, jpeg_file, upload_page

pytestmark = pytest.mark.django_db


def _refused(name: str = "notes.jpg"):
    return jpeg_file(name, b"this is no photo at all")


def test_an_upload_of_only_refused_files_leaves_no_event(world, staff_client):
    response = upload_page(
        staff_client(world.teacher),
        world,
        [_refused(), jpeg_file("anim.gif", samples.gif())],
    )
    assert response.status_code == 200
    assert response.text.count("upload-refused") == 2
    assert not PhotoEvent.objects.exists()


def test_a_refused_file_before_a_good_one_still_gives_one_event(world, staff_client):
    response = upload_page(
        staff_client(world.teacher),
        world,
        [_refused(), jpeg_file("a.jpg", group_jpeg()), jpeg_file("b.jpg", group_jpeg())],
    )
    assert response.status_code == 200
    (event,) = PhotoEvent.objects.all()
    assert event.name == "Schoolreisje"
    assert Photo.objects.filter(event=event).count() == 2


def test_the_upload_script_gets_the_event_with_the_first_stored_file(world, staff_client):
    client = staff_client(world.teacher)

    def send(file, event: str = "new"):
        data = {
            "school": str(world.school_a.pk),
            "event": event,
            "new-name": "Schoolreisje",
            "new-held_on": "2026-10-02",
            "group": str(world.group_a.pk),
            "photos": [file],
        }
        return client.post(reverse("photos:upload"), data, headers=JSON)

    refused = send(_refused())
    assert refused.status_code == 422
    assert "event" not in refused.json()
    assert not PhotoEvent.objects.exists()

    stored = send(jpeg_file("a.jpg", group_jpeg()))
    assert stored.status_code == 200
    (event,) = PhotoEvent.objects.all()
    assert stored.json()["event"]["id"] == event.pk

    # The script sends the next files to that event, and no second event is made.
    again = send(jpeg_file("b.jpg", group_jpeg()), event=str(event.pk))
    assert again.status_code == 200
    assert "event" not in again.json()
    assert PhotoEvent.objects.count() == 1
    assert Photo.objects.filter(event=event).count() == 2
