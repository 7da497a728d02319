"""The disclosures API: recipients, recording (201 or 422 with the translated reason), a pupil's
list; 404 for personas out of scope, 401 without a token."""

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, record

KEYS = {
    "leerplicht",
    "duo",
    "inspectie",
    "samenwerkingsverband",
    "next_school",
    "youth_care",
    "ggd",
    "veilig_thuis",
    "police",
    "specialist",
    "researcher",
}


def _api(user: User, language: str = "nl") -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": language})


def _body(sharing: Sharing, **changes: Any) -> dict[str, Any]:
    body = {**LEERPLICHT, "pupil": sharing.world.pupil_a.pk, "note": "Verzuim na herfstvakantie"}
    return {**body, **changes}


def test_recipients_list_every_key_with_its_bases(sharing: Sharing):
    response = _api(sharing.world.administration).get("/api/v1/recipients")
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.json()}
    assert set(rows) == KEYS
    assert rows["leerplicht"]["bases"] == ["legal_obligation"]
    assert rows["youth_care"]["bases"] == ["consent"]
    assert rows["next_school"]["bases"] == ["legal_obligation", "consent"]
    assert rows["leerplicht"]["articles"][0]["code"] == "leerplichtwet_21a"
    assert rows["samenwerkingsverband"]["may_receive_education_number"] is False


def test_a_disclosure_on_a_legal_obligation_is_created(sharing: Sharing):
    response = _api(sharing.world.administration).post(
        "/api/v1/disclosures", _body(sharing), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["basis"] == "legal_obligation" and body["article"] == "leerplichtwet_21a"
    assert Disclosure.objects.get(pk=body["id"]).note == "Verzuim na herfstvakantie"


def test_a_refusal_is_a_422_with_the_reason_in_the_callers_language(sharing: Sharing):
    body = _body(sharing, recipient="youth_care", basis="consent", article="")
    dutch = _api(sharing.world.care_coordinator).post(
        "/api/v1/disclosures", body, content_type="application/json"
    )
    assert dutch.status_code == 422
    with translation.override("nl"):
        expected = gettext("There is no consent for this recipient.")
    assert dutch.json()["detail"] == [expected]
    english = _api(sharing.world.care_coordinator, "en").post(
        "/api/v1/disclosures", body, content_type="application/json"
    )
    assert english.json()["detail"] == ["There is no consent for this recipient."]
    assert not Disclosure.objects.exists()


def test_the_pupils_list(sharing: Sharing):
    w = sharing.world
    d = record(w.administration, w.pupil_a, **LEERPLICHT)
    response = _api(w.care_coordinator).get(f"/api/v1/pupils/{w.pupil_a.pk}/disclosures")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [d.pk]


@pytest.mark.parametrize(
    "persona", ["teacher", "teacher_b", "other_board_staff", "privacy_officer"]
)
def test_out_of_scope_personas_get_404(sharing: Sharing, persona: str):
    w = sharing.world
    record(w.administration, w.pupil_a, **LEERPLICHT)
    client = _api(getattr(w, persona))
    assert client.get(f"/api/v1/pupils/{w.pupil_a.pk}/disclosures").status_code == 404
    response = client.post("/api/v1/disclosures", _body(sharing), content_type="application/json")
    assert response.status_code == 404
    assert Disclosure.objects.count() == 1


def test_a_role_without_this_recipient_gets_404(sharing: Sharing):
    # The care coordinator sees the pupil but does not report to the attendance officer.
    w = sharing.world
    response = _api(w.care_coordinator).post(
        "/api/v1/disclosures", _body(sharing), content_type="application/json"
    )
    assert response.status_code == 404


def test_a_pupil_of_another_board_or_none_is_404(sharing: Sharing):
    client = _api(sharing.world.administration)
    assert client.get("/api/v1/pupils/999999/disclosures").status_code == 404


def test_without_a_token_it_is_401(sharing: Sharing):
    client = Client()
    assert client.get("/api/v1/recipients").status_code == 401
    assert client.get(f"/api/v1/pupils/{sharing.world.pupil_a.pk}/disclosures").status_code == 401
    response = client.post("/api/v1/disclosures", _body(sharing), content_type="application/json")
    assert response.status_code == 401
