"""Who may not open or change a child's consent in the portal: a 404, never a hint."""

import pytest
from django.urls import reverse

from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.tests.conftest import Consent


def _urls(consent: Consent) -> list[str]:
    pupil = consent.world.pupil_a
    return [
        reverse("consents:portal_list", args=[pupil.id]),
        reverse("consents:portal_detail", args=[pupil.id, consent.website.id]),
    ]


@pytest.mark.parametrize("persona", ["parent_b", "parent_without_authority"])
def test_other_parents_get_404_and_change_nothing(consent: Consent, parent_client, persona):
    client = parent_client(getattr(consent.world, persona))
    for url in _urls(consent):
        assert client.get(url).status_code == 404
    response = client.post(_urls(consent)[1], {"decision": "granted", "confirmed": "on"})
    assert response.status_code == 404
    assert not ConsentDecision.objects.exists()


def test_staff_get_404_on_the_portal_pages(consent: Consent, staff_client):
    client = staff_client(consent.world.teacher)
    for url in _urls(consent):
        assert client.get(url).status_code == 404


def test_a_purpose_of_another_board_is_404(consent: Consent, parent_client):
    url = reverse("consents:portal_detail", args=[consent.world.pupil_a.id, 999_999])
    assert parent_client(consent.world.parent).get(url).status_code == 404
