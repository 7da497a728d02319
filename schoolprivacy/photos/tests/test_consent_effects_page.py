"""The privacy officer sees whether consent reaches the photos: the outbox's state (given-up
effects, with a retry) and the daily check's drift. Nobody else sees the page (404)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentEvent, EventKind
from schoolprivacy.consents.outbox import event_add
from schoolprivacy.photos.sweep import publications_sweep
from schoolprivacy.photos.tests.conftest import PhotoWorld

pytestmark = pytest.mark.django_db
URL = reverse("photos:consent_effects")


def test_the_privacy_officer_sees_given_up_effects_and_retries_them(
    photos: PhotoWorld, staff_client: Callable[[User], Client]
) -> None:
    w = photos.world
    event = event_add(kind=EventKind.WITHDRAWN, pupil=w.pupil_a, purpose=photos.website_purpose)
    ConsentEvent.objects.filter(pk=event.pk).update(
        failed_at=timezone.now(), attempts=8, last_error="OSError"
    )
    publications_sweep(board=w.board)
    client = staff_client(w.privacy_officer)
    page = client.get(URL).content.decode()
    assert "OSError" in page and w.pupil_a.first_name not in page
    response = client.post(URL)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.failed_at is None
    assert AuditEvent.objects.filter(action="consents.events.retried").exists()


@pytest.mark.parametrize("persona", ["teacher", "director", "administration", "other_board_staff"])
def test_nobody_else_sees_it(
    photos: PhotoWorld, staff_client: Callable[[User], Client], persona: str
) -> None:
    client = staff_client(getattr(photos.world, persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 404
