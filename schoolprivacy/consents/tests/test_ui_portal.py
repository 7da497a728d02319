"""The portal's consent pages: full text, a change with one confirmation step, the history."""

from django.urls import reverse
from django.utils.html import escape

from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.selectors import consent_status
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def _detail(consent: Consent) -> str:
    return reverse("consents:portal_detail", args=[consent.world.pupil_a.id, consent.website.id])


def test_it_lists_every_purpose_with_its_status(consent: Consent, parent_client):
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    client = parent_client(consent.world.parent)
    response = client.get(reverse("consents:portal_list", args=[consent.world.pupil_a.id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Website" in page and "Nieuwsbrief" in page
    assert "consent-granted" in page and "consent-unanswered" in page


def test_it_shows_the_full_current_text(consent: Consent, parent_client):
    text = consent.website.texts.get(version=1)
    response = parent_client(consent.world.parent).get(_detail(consent))
    assert response.status_code == 200
    assert escape(text.text_nl.split("\n")[0][:40]) in response.content.decode()


def test_a_choice_asks_for_confirmation_before_it_is_saved(consent: Consent, parent_client):
    client = parent_client(consent.world.parent)
    response = client.post(_detail(consent), {"decision": "granted"})
    assert response.status_code == 200
    assert 'name="confirmed"' in response.content.decode()
    assert not ConsentDecision.objects.exists()


def test_a_confirmed_withdrawal_applies_at_once(consent: Consent, parent_client):
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    client = parent_client(consent.world.parent)
    response = client.post(_detail(consent), {"decision": "withdrawn", "confirmed": "on"})
    assert response.status_code == 302
    assert consent_status(pupil, consent.website).status == "withdrawn"
    history = client.get(_detail(consent)).content.decode()
    assert history.count("<time") >= 3  # status line + two history rows


def test_it_offers_only_withdrawal_once_consent_is_given(consent: Consent, parent_client):
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    page = parent_client(consent.world.parent).get(_detail(consent)).content.decode()
    assert 'value="withdrawn"' in page
    assert 'value="granted"' not in page
