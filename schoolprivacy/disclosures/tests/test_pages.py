"""Staff pages: recording a disclosure through the form, a refusal shown with its reason, the
list per pupil; 404 for staff without a role that records disclosures at the pupil's school."""

import pytest

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.tests.conftest import Sharing


def _url(sharing: Sharing, suffix: str = "") -> str:
    return f"/leerlingen/{sharing.world.pupil_a.pk}/verstrekkingen/{suffix}"


def test_the_administration_records_a_leerplicht_report(sharing: Sharing, staff_client):
    client = staff_client(sharing.world.administration)
    assert client.get(_url(sharing, "nieuw/")).status_code == 200
    response = client.post(
        _url(sharing, "nieuw/"),
        {
            "recipient": "leerplicht",
            "recipient_name": "Gemeente Utrecht",
            "basis": "legal_obligation",
            "article": "leerplichtwet_21a",
            "categories": ["pupil.identity", "pupil.absence"],
            "absence_hours": "18",
            "note": "",
        },
    )
    assert response.status_code == 302
    d = Disclosure.objects.get()
    assert (d.recipient, d.absence_hours, d.recipient_name) == (
        "leerplicht",
        18,
        "Gemeente Utrecht",
    )
    listing = client.get(_url(sharing)).content.decode()
    assert "Gemeente Utrecht" in listing and "Leerplichtwet 1969 art. 21a" in listing


def test_a_refusal_is_shown_on_the_form(sharing: Sharing, staff_client):
    client = staff_client(sharing.world.care_coordinator)
    response = client.post(
        _url(sharing, "nieuw/"),
        {"recipient": "youth_care", "basis": "consent", "categories": ["pupil.identity"]},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Disclosure.objects.exists()


def test_the_form_offers_only_the_recipients_of_the_role(sharing: Sharing, staff_client):
    page = staff_client(sharing.world.care_coordinator).get(_url(sharing, "nieuw/")).content
    assert b'value="youth_care"' in page
    assert b'value="leerplicht"' not in page


@pytest.mark.parametrize(
    "persona", ["teacher", "teacher_b", "other_board_staff", "privacy_officer"]
)
def test_staff_without_the_task_get_404(sharing: Sharing, staff_client, persona: str):
    client = staff_client(getattr(sharing.world, persona))
    assert client.get(_url(sharing)).status_code == 404
    assert client.get(_url(sharing, "nieuw/")).status_code == 404


def test_the_staff_pupil_page_links_to_the_list_only_for_who_may_see_it(
    sharing: Sharing, staff_client
):
    w = sharing.world
    care = staff_client(w.care_coordinator).get(f"/leerlingen/{w.pupil_a.pk}/").content.decode()
    teacher = staff_client(w.teacher).get(f"/leerlingen/{w.pupil_a.pk}/").content.decode()
    assert _url(sharing) in care
    assert _url(sharing) not in teacher
