"""What a reviewer tried against the disclosures pages and API: ids past any database's integer,
odd bodies, a recipient's role at another school, another board's disclosure."""

from typing import Any

from django.test import Client
from django.urls import reverse

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, record
from schoolprivacy.disclosures.tests.test_api import _api
from schoolprivacy.disclosures.tests.test_meldcode import REPORT

HUGE = 2**70


def _post(client: Client, **body: Any) -> Any:
    return client.post("/api/v1/disclosures", body, content_type="application/json")


def test_ids_past_the_database_range_are_404_not_500(sharing: Sharing, staff_client):
    w = sharing.world
    client = staff_client(w.care_coordinator)
    for name in ("disclosures:pupil", "disclosures:new"):
        assert client.get(reverse(name, args=[HUGE])).status_code == 404
    assert client.post(reverse("disclosures:show_to_parents", args=[HUGE])).status_code == 404
    api = _api(w.administration)
    assert api.get(f"/api/v1/pupils/{HUGE}/disclosures").status_code in (404, 422)
    assert _post(api, pupil=HUGE).status_code in (404, 422)


def test_odd_api_bodies_are_refused_with_a_reason(sharing: Sharing):
    w = sharing.world
    api = _api(w.care_coordinator)
    odd: list[dict[str, object]] = [
        {"categories": []},
        {"categories": ["pupil.care.notes", "pupil.nonsense"]},
        {"categories": ["staff.identity"]},
        {"recipient": "veilig_thuis", "basis": "consent"},
        {"recipient": "veilig_thuis", "article": ""},
        {"recipient": "police", "basis": "consent"},
        {"recipient": " veilig_thuis"},
    ]
    for changes in odd:
        response = _post(api, **{**REPORT, "pupil": w.pupil_a.pk, **changes})
        assert response.status_code in (404, 422), changes
    assert _post(api, **{**REPORT, "pupil": w.pupil_a.pk, "basis": "neither"}).status_code == 422
    assert not Disclosure.objects.exists()


def test_another_schools_disclosure_cannot_be_released_or_listed(sharing: Sharing, staff_client):
    w = sharing.world
    hidden = record(sharing.care_b, w.pupil_b, **REPORT, shown_to_parents=False)
    shown = record(w.administration, w.pupil_a, **LEERPLICHT)
    # The care coordinator of school A neither lists nor releases school B's report.
    client = staff_client(w.care_coordinator)
    assert client.get(reverse("disclosures:pupil", args=[w.pupil_b.pk])).status_code == 404
    release = reverse("disclosures:show_to_parents", args=[hidden.pk])
    assert client.post(release).status_code == 404
    assert staff_client(w.other_board_staff).post(release).status_code == 404
    assert not Disclosure.objects.get(pk=hidden.pk).shown_to_parents
    other = staff_client(w.other_board_staff)
    assert other.get(reverse("disclosures:pupil", args=[shown.pupil_id])).status_code == 404
