"""The privacy officer's legal-hold page: place and release holds on a pupil, audited; everyone
else (staff of every other role, parents, another board) gets a 404."""

import pytest
from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.retention.candidates import held_pupil_ids
from schoolprivacy.retention.models import LegalHold

pytestmark = pytest.mark.django_db


def _url(pupil) -> str:
    return reverse("retention:holds", args=[pupil.pk])


@pytest.mark.parametrize(
    "persona",
    ["director", "teacher", "care_coordinator", "administration", "other_board_staff"],
)
def test_only_the_privacy_officer_opens_the_hold_page(world, staff_client, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(_url(world.pupil_a)).status_code == 404
    answer = client.post(_url(world.pupil_a), {"action": "place", "reason": "complaint"})
    assert answer.status_code == 404
    assert not LegalHold.objects.exists()


def test_parents_and_unknown_pupils_get_404(world, parent_client, staff_client):
    assert parent_client(world.parent).get(_url(world.pupil_a)).status_code == 404
    missing = reverse("retention:holds", args=[world.pupil_a.pk + 9999])
    assert staff_client(world.privacy_officer).get(missing).status_code == 404


def test_place_and_release_a_hold_audited(world, staff_client):
    client = staff_client(world.privacy_officer)
    pupil = world.pupil_a
    assert client.get(_url(pupil)).status_code == 200
    answer = client.post(_url(pupil), {"action": "place", "reason": "complaint", "case": "K-7"})
    assert answer.status_code == 302
    hold = LegalHold.objects.get(pupil=pupil)
    assert (hold.reason, hold.case, hold.placed_by_id) == (
        "complaint",
        "K-7",
        world.privacy_officer.pk,
    )
    assert held_pupil_ids(world.board.pk) == {pupil.pk}
    assert "K-7" in client.get(_url(pupil)).content.decode()
    placed = AuditEvent.objects.get(action="retention.hold.placed")
    assert "K-7" not in str(placed.context)

    client.post(_url(pupil), {"action": "release", "hold": hold.pk})
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert held_pupil_ids(world.board.pk) == set()
    assert AuditEvent.objects.filter(action="retention.hold.released").count() == 1


def test_a_hold_of_another_pupil_cannot_be_released_through_this_page(world, staff_client):
    from schoolprivacy.retention.services import legal_hold_place

    other = legal_hold_place(actor=world.privacy_officer, pupil=world.pupil_b, reason="breach")
    client = staff_client(world.privacy_officer)
    answer = client.post(_url(world.pupil_a), {"action": "release", "hold": other.pk})
    assert answer.status_code == 404
    other.refresh_from_db()
    assert other.released_at is None


def test_a_hold_needs_a_reason(world, staff_client):
    client = staff_client(world.privacy_officer)
    answer = client.post(_url(world.pupil_a), {"action": "place", "reason": "whim"})
    assert answer.status_code == 422
    assert not LegalHold.objects.exists()
