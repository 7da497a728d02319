"""The portal's data overview lists the child's disclosures too, with the meldcode rule: a report
kept from the parents appears only once the professional lets them see it."""

from django.urls import reverse

from schoolprivacy.disclosures.services import disclosure_show_to_parents
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, record
from schoolprivacy.disclosures.tests.test_meldcode import REPORT


def test_the_data_overview_lists_disclosures_but_not_one_kept_back(sharing: Sharing, parent_client):
    w = sharing.world
    hidden = record(w.care_coordinator, w.pupil_a, **REPORT, shown_to_parents=False)
    record(w.administration, w.pupil_a, **LEERPLICHT)
    client = parent_client(w.parent)
    url = reverse("portal:data_overview", args=[w.pupil_a.pk])
    text = client.get(url).content.decode()
    assert 'id="disclosures-heading"' in text
    assert "Leerplichtwet 1969 art. 21a" in text
    assert "Veilig Thuis" not in text
    disclosure_show_to_parents(actor=w.care_coordinator, disclosure=hidden)
    assert "Veilig Thuis" in client.get(url).content.decode()
    # The other child's parent sees none of it (and not this child's page at all).
    assert parent_client(w.parent_b).get(url).status_code == 404
