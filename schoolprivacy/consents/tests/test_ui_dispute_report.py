"""Reporting that the parents disagree: a page with the parent and a note first (issue 19)."""

import pytest
from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.disputes import dispute_open
from schoolprivacy.consents.models import ConsentDispute
from schoolprivacy.consents.rules import ConsentRuleError
from schoolprivacy.consents.selectors import consent_status
from schoolprivacy.consents.tests.conftest import Consent
from schoolprivacy.testing import factories

NOTE = "Vader belde 3 maart: hij wil geen foto's op de website"


def _url(consent: Consent) -> str:
    return reverse("consents:dispute_report", args=[consent.world.pupil_a.id, consent.website.id])


def test_the_report_asks_which_parent_and_a_note_before_stopping(consent: Consent, staff_client):
    client = staff_client(consent.world.administration)
    page = client.get(_url(consent)).content.decode()
    assert f'value="{consent.father.pk}"' in page and f'value="{consent.mother.pk}"' in page
    assert 'name="note"' in page
    assert not ConsentDispute.objects.exists()

    # No parent chosen, no note: nothing is recorded, the page says what is missing.
    response = client.post(_url(consent), {"guardian": "", "note": ""})
    assert response.status_code == 200
    assert not ConsentDispute.objects.exists()

    response = client.post(_url(consent), {"guardian": str(consent.father.pk), "note": NOTE})
    assert response.status_code == 302
    dispute = ConsentDispute.objects.get()
    assert (dispute.reported_by_guardian, dispute.note) == (consent.father, NOTE)
    assert consent_status(consent.world.pupil_a, consent.website).status == "disputed"

    event = AuditEvent.objects.get(action="consents.dispute.opened")
    assert event.context == {"purpose": "website", "because": "staff", "with_note": True}
    assert "geen foto" not in str(event.context) and "Vader" not in str(event.context)
    assert {"type": "people.guardian", "id": consent.father.pk} in event.subjects, event.subjects


def test_a_parent_of_another_pupil_cannot_be_recorded(consent: Consent, staff_client):
    stranger = factories.make_parent(pupil=consent.world.pupil_b, email="ander@example.nl")
    client = staff_client(consent.world.administration)
    assert f'value="{stranger.pk}"' not in client.get(_url(consent)).content.decode()
    response = client.post(_url(consent), {"guardian": str(stranger.pk), "note": NOTE})
    assert response.status_code == 200  # not one of the choices
    assert not ConsentDispute.objects.exists()


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff"])
def test_staff_who_may_not_see_the_pupil_get_404(consent: Consent, staff_client, persona):
    client = staff_client(getattr(consent.world, persona))
    data = {"guardian": str(consent.father.pk), "note": NOTE}
    assert client.get(_url(consent)).status_code == 404
    assert client.post(_url(consent), data).status_code == 404
    assert not ConsentDispute.objects.exists()


def test_a_parent_gets_404(consent: Consent, parent_client):
    client = parent_client(consent.world.parent)
    data = {"guardian": str(consent.father.pk), "note": NOTE}
    response = client.post(_url(consent), data)
    assert response.status_code == 404
    assert not ConsentDispute.objects.exists()


def test_the_service_refuses_a_parent_of_another_pupil(consent: Consent):
    stranger = factories.make_parent(pupil=consent.world.pupil_b, email="ander@example.nl")
    with pytest.raises(ConsentRuleError):
        dispute_open(
            actor=consent.world.administration,
            pupil=consent.world.pupil_a,
            purpose=consent.website,
            guardian=stranger,
            note=NOTE,
        )
    assert not ConsentDispute.objects.exists()
