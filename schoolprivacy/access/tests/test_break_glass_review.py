"""The privacy officer reviews every emergency access: outcome, who and when, audited; nobody
else sees the review page (issue 17, decision 0032)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.attention import attention_items
from schoolprivacy.access.emergency_review import REVIEWED, break_glass_review
from schoolprivacy.access.models import BreakGlassAccess, ReviewOutcome
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import staff_of
from schoolprivacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "Leerling onwel geworden, medicatie nagaan"
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def access(world):
    return break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)


def _url(access):
    return reverse("access:break_glass_review", args=[access.pk])


def test_the_officer_records_the_outcome_with_who_and_when(world, staff_client, access):
    client = staff_client(world.privacy_officer)
    page = client.get(_url(access), headers=ENGLISH).content.decode()
    assert REASON in page and "Sanne Jansen" in page

    response = client.post(_url(access), {"outcome": "justified", "note": ""})

    assert response.status_code == 302
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.JUSTIFIED
    assert access.reviewed_by == staff_of(world.privacy_officer)
    assert access.reviewed_at is not None
    event = AuditEvent.objects.get(action=REVIEWED)
    assert event.actor_id == world.privacy_officer.pk
    assert event.context == {"outcome": "justified"}


def test_an_unjustified_access_needs_a_note_that_stays_out_of_the_log(world, access):
    with pytest.raises(ValidationError):
        break_glass_review(user=world.privacy_officer, access=access, outcome="unjustified")
    break_glass_review(
        user=world.privacy_officer,
        access=access,
        outcome="unjustified",
        note="Besproken met de directeur",
    )
    event = AuditEvent.objects.get(action=REVIEWED)
    assert "Besproken" not in str(event.context) + str(event.fields)
    assert "review_note" in event.fields


def test_an_access_is_reviewed_once(world, access):
    break_glass_review(user=world.privacy_officer, access=access, outcome="reviewed")
    with pytest.raises(ValidationError):
        break_glass_review(user=world.privacy_officer, access=access, outcome="justified")
    access.refresh_from_db()
    assert access.review_outcome == "reviewed"
    assert AuditEvent.objects.filter(action=REVIEWED).count() == 1


def test_nobody_reviews_their_own_emergency_access(world):
    officer = staff_of(world.privacy_officer)
    now = timezone.now()
    own = BreakGlassAccess.objects.create(
        board=world.board,
        staff=officer,
        pupil=world.pupil_a,
        reason=REASON,
        opened_at=now,
        expires_at=now + timedelta(hours=4),
    )
    with pytest.raises(ValidationError):
        break_glass_review(user=world.privacy_officer, access=own, outcome="justified")
    assert BreakGlassAccess.objects.get(pk=own.pk).reviewed_at is None


@pytest.mark.parametrize(
    "persona", ["teacher", "director", "care_coordinator", "administration", "other_board_staff"]
)
def test_everyone_else_gets_a_404(world, staff_client, access, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(_url(access)).status_code == 404
    assert client.post(_url(access), {"outcome": "justified"}).status_code == 404
    with pytest.raises(ValidationError):
        break_glass_review(user=getattr(world, persona), access=access, outcome="justified")
    assert BreakGlassAccess.objects.get(pk=access.pk).reviewed_at is None


def test_a_parent_gets_no_review_page(world, parent_client, access):
    assert parent_client(world.parent).get(_url(access)).status_code in (302, 404)


def test_the_officer_is_asked_until_the_review_is_done_and_late_after_a_week(world, access):
    items = attention_items(world.privacy_officer)
    assert [i.kind for i in items] == ["break_glass"]
    assert items[0].due_at == access.opened_at + timedelta(days=7)
    assert not items[0].overdue
    assert attention_items(world.teacher) == []

    BreakGlassAccess.objects.filter(pk=access.pk).update(
        opened_at=access.opened_at - timedelta(days=8),
        expires_at=access.expires_at - timedelta(days=8),
    )
    assert attention_items(world.privacy_officer)[0].overdue

    break_glass_review(user=world.privacy_officer, access=access, outcome="justified")
    assert attention_items(world.privacy_officer) == []
