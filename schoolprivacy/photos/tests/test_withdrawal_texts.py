"""The confirmation step tells a parent what a withdrawal really does to published photos, and
says nothing about photos for a purpose no photo channel uses (issue 10, point 6)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import Purpose
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant

pytestmark = pytest.mark.django_db


def _confirm(client: Client, pupil_id: int, purpose: Purpose, decision: str) -> str:
    url = reverse("consents:portal_detail", args=[pupil_id, purpose.pk])
    response = client.post(url, {"decision": decision})
    assert response.status_code == 200
    return response.content.decode()


def test_withdrawing_a_photo_purpose_says_photos_are_blurred_or_taken_offline(
    photos: PhotoWorld, parent_client: Callable[[User], Client]
) -> None:
    w = photos.world
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    page = _confirm(parent_client(w.parent), w.pupil_a.pk, photos.social_purpose, "withdrawn")
    assert "binnen enkele minuten opnieuw gepubliceerd" in page
    assert "met de hand elders" in page  # social media copies are placed by hand
    assert "blijft rechtmatig" not in page and "stays lawful" not in page


def test_a_purpose_without_photo_channels_promises_nothing_about_photos(
    photos: PhotoWorld, parent_client: Callable[[User], Client]
) -> None:
    w = photos.world
    purpose = Purpose.objects.get(board=w.board, key="parent_contact_list")
    grant(w.parent.guardian, w.pupil_a, purpose)
    page = _confirm(parent_client(w.parent), w.pupil_a.pk, purpose, "withdrawn")
    assert "De school stopt hier meteen mee." in page
    assert "opnieuw gepubliceerd" not in page
