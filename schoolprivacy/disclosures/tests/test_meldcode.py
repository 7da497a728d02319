"""The meldcode exception: a report to Veilig Thuis may be made without telling the parents first;
the parents see it (portal, inspection package) only when the professional decides they may."""

from django.test import Client

from schoolprivacy.disclosures.privacy import export
from schoolprivacy.disclosures.services import disclosure_show_to_parents
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, record
from schoolprivacy.privacy_registry import DataSubject

REPORT = {
    "recipient": "veilig_thuis",
    "basis": "legal_obligation",
    "article": "meldcode",
    "categories": ["pupil.identity", "pupil.care.notes", "guardian.identity"],
}


def _exported_ids(sharing: Sharing) -> set[int]:
    rows = export(DataSubject.of(sharing.world.pupil_a))
    return {row["id"] for found in rows.values() for row in found}


def test_a_report_kept_from_the_parents_is_not_shown_to_them(sharing: Sharing, parent_client):
    w = sharing.world
    hidden = record(w.care_coordinator, w.pupil_a, **REPORT, shown_to_parents=False)
    shown = record(w.administration, w.pupil_a, **LEERPLICHT)
    page = parent_client(w.parent).get(f"/ouders/kinderen/{w.pupil_a.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Leerplicht" in text or "leerplicht" in text
    assert "Veilig Thuis" not in text
    assert _exported_ids(sharing) == {shown.pk}
    assert hidden.pk not in _exported_ids(sharing)


def test_once_the_professional_decides_the_parents_see_it(sharing: Sharing, parent_client):
    w = sharing.world
    hidden = record(w.care_coordinator, w.pupil_a, **REPORT, shown_to_parents=False)
    disclosure_show_to_parents(actor=w.care_coordinator, disclosure=hidden)
    page = parent_client(w.parent).get(f"/ouders/kinderen/{w.pupil_a.pk}/")
    assert "Veilig Thuis" in page.content.decode()
    assert _exported_ids(sharing) == {hidden.pk}


def test_only_under_the_meldcode_can_a_disclosure_be_kept_from_the_parents(sharing: Sharing):
    w = sharing.world
    d = record(w.administration, w.pupil_a, **LEERPLICHT, shown_to_parents=False)
    assert d.shown_to_parents is True


def test_the_staff_page_offers_to_show_it_and_records_the_decision(sharing: Sharing, staff_client):
    w = sharing.world
    hidden = record(w.care_coordinator, w.pupil_a, **REPORT, shown_to_parents=False)
    client: Client = staff_client(w.care_coordinator)
    page = client.get(f"/leerlingen/{w.pupil_a.pk}/verstrekkingen/")
    assert f"/verstrekkingen/{hidden.pk}/tonen-aan-ouders/" in page.content.decode()
    # A teacher of the pupil cannot take that decision (nor see the list): 404.
    teacher = staff_client(w.teacher)
    assert teacher.post(f"/verstrekkingen/{hidden.pk}/tonen-aan-ouders/").status_code == 404
    hidden.refresh_from_db()
    assert hidden.shown_to_parents is False
    response = client.post(f"/verstrekkingen/{hidden.pk}/tonen-aan-ouders/")
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.shown_to_parents is True
