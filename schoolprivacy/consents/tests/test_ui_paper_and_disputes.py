"""Administration records a paper form; the location director resolves disputes; counts."""

import pytest
from django.urls import reverse

from schoolprivacy.consents.models import ConsentDecision, ConsentDispute
from schoolprivacy.consents.selectors import consent_status
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def _paper_url(consent: Consent) -> str:
    return reverse("consents:paper_form", args=[consent.world.pupil_a.id, consent.website.id])


def test_administration_records_a_paper_form_after_confirming(consent: Consent, staff_client):
    client = staff_client(consent.world.administration)
    data = {"decision": "granted", "holder": str(consent.mother.pk), "reference": "scan-0042"}
    response = client.post(_paper_url(consent), data)
    assert response.status_code == 200 and 'name="confirmed"' in response.content.decode()
    assert not ConsentDecision.objects.exists()

    response = client.post(_paper_url(consent), {**data, "confirmed": "on"})
    assert response.status_code == 302
    row = ConsentDecision.objects.get()
    assert (row.method, row.reference, row.guardian) == ("paper", "scan-0042", consent.mother)
    assert consent_status(consent.world.pupil_a, consent.website).status == "granted"


def test_a_parent_without_authority_is_not_offered_as_signer(consent: Consent, staff_client):
    page = staff_client(consent.world.administration).get(_paper_url(consent)).content.decode()
    assert f'value="{consent.mother.pk}"' in page
    assert f'value="{consent.without_authority.pk}"' not in page


@pytest.mark.parametrize("persona", ["teacher", "teacher_b", "other_board_staff"])
def test_others_cannot_record_paper_forms(consent: Consent, staff_client, persona):
    client = staff_client(getattr(consent.world, persona))
    data = {"decision": "granted", "holder": str(consent.mother.pk), "reference": "x"}
    assert client.get(_paper_url(consent)).status_code == 404
    assert client.post(_paper_url(consent), {**data, "confirmed": "on"}).status_code == 404
    assert not ConsentDecision.objects.exists()


def test_the_pupil_page_shows_statuses_to_the_teacher(consent: Consent, staff_client):
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    url = reverse("consents:pupil", args=[consent.world.pupil_a.id])
    page = staff_client(consent.world.teacher).get(url).content.decode()
    assert "consent-granted" in page
    assert "papier" not in page  # a teacher does not record forms


def test_the_pupil_page_is_404_for_staff_of_other_groups(consent: Consent, staff_client):
    url = reverse("consents:pupil", args=[consent.world.pupil_a.id])
    for persona in ("teacher_b", "other_board_staff"):
        assert staff_client(getattr(consent.world, persona)).get(url).status_code == 404


def test_the_director_resolves_a_dispute(consent: Consent, staff_client):
    world = consent.world
    report = reverse("consents:dispute_report", args=[world.pupil_a.id, consent.website.id])
    data = {"guardian": str(consent.father.pk), "note": "Vader belde"}
    assert staff_client(world.administration).post(report, data).status_code == 302
    assert consent_status(world.pupil_a, consent.website).status == "disputed"
    dispute = ConsentDispute.objects.get()
    school_page = reverse("consents:school", args=[world.school_a.id])
    director = staff_client(world.director)
    assert "Sanne Jansen" in director.get(school_page).content.decode()

    url = reverse("consents:dispute_resolve", args=[dispute.id])
    assert director.post(url, {"resolution": "agreed"}).status_code == 302
    assert consent_status(world.pupil_a, consent.website).status == "unanswered"


@pytest.mark.parametrize("persona", ["administration", "teacher_b", "other_board_staff"])
def test_only_the_director_resolves(consent: Consent, staff_client, persona):
    world = consent.world
    report = reverse("consents:dispute_report", args=[world.pupil_a.id, consent.website.id])
    staff_client(world.administration).post(
        report, {"guardian": str(consent.father.pk), "note": "Vader belde"}
    )
    dispute = ConsentDispute.objects.get()
    url = reverse("consents:dispute_resolve", args=[dispute.id])
    client = staff_client(getattr(world, persona))
    assert client.post(url, {"resolution": "agreed"}).status_code == 404
    assert ConsentDispute.objects.get().resolved_at is None


def test_the_privacy_officer_sees_counts_without_names(consent: Consent, staff_client):
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    page = staff_client(consent.world.privacy_officer).get(reverse("consents:board_counts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "De Regenboog" in text and "Het Lyceum" in text
    assert "Sanne" not in text


@pytest.mark.parametrize("persona", ["teacher", "director", "other_board_staff"])
def test_the_board_counts_are_404_for_others(consent: Consent, staff_client, persona):
    client = staff_client(getattr(consent.world, persona))
    assert client.get(reverse("consents:board_counts")).status_code == 404


def test_the_board_counts_are_404_for_parents(consent: Consent, parent_client):
    assert (
        parent_client(consent.world.parent).get(reverse("consents:board_counts")).status_code == 404
    )
