"""The consent API: outsiders get 404, rule violations a 422 with a clear message."""

from typing import Any

import pytest
from django.test import Client

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def _api(user: User) -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _paper(consent: Consent, by: Any, decision: str = "granted") -> dict[str, Any]:
    return {
        "purpose": "website",
        "decision": decision,
        "by": str(by),
        "method": "paper",
        "reference": "FORM-2026-001",
    }


def test_the_administration_lists_the_guardians_with_authority(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    response = _api(consent.world.administration).get(f"/api/v1/pupils/{pupil.pk}/guardians")
    assert response.status_code == 200
    rows = {row["id"]: row["has_authority"] for row in response.json()}
    assert rows == {
        consent.mother.pk: True,
        consent.father.pk: True,
        consent.without_authority.pk: False,
    }


@pytest.mark.parametrize(
    "persona", ["teacher", "teacher_b", "other_board_staff", "privacy_officer"]
)
def test_guardians_are_hidden_from_who_does_not_need_them(consent: Consent, persona: str) -> None:
    pupil = consent.world.pupil_a
    response = _api(getattr(consent.world, persona)).get(f"/api/v1/pupils/{pupil.pk}/guardians")
    assert response.status_code == 404


def test_consents_list_every_purpose(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    response = _api(consent.world.teacher).get(f"/api/v1/pupils/{pupil.pk}/consents")
    assert response.status_code == 200
    statuses = {row["purpose"]: row["status"] for row in response.json()}
    assert statuses["website"] == "granted"
    assert statuses["newsletter"] == "unanswered"


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "privacy_officer"])
def test_outsiders_get_404_for_consents(consent: Consent, persona: str) -> None:
    client = _api(getattr(consent.world, persona))
    pupil = consent.world.pupil_a
    assert client.get(f"/api/v1/pupils/{pupil.pk}/consents").status_code == 404
    response = client.post(
        f"/api/v1/pupils/{pupil.pk}/consents",
        _paper(consent, consent.mother.pk),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/groups/{consent.world.group_a.pk}/consents").status_code == 404


def test_the_administration_records_a_paper_form(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    response = _api(consent.world.administration).post(
        f"/api/v1/pupils/{pupil.pk}/consents",
        _paper(consent, consent.father.pk),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    row = ConsentDecision.objects.get()
    assert (row.guardian, row.method, row.reference) == (consent.father, "paper", "FORM-2026-001")


def test_a_teacher_may_not_record_forms(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    response = _api(consent.world.teacher).post(
        f"/api/v1/pupils/{pupil.pk}/consents",
        _paper(consent, consent.mother.pk),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not ConsentDecision.objects.exists()


def test_a_parent_without_authority_is_a_422(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    response = _api(consent.world.administration).post(
        f"/api/v1/pupils/{pupil.pk}/consents",
        _paper(consent, consent.without_authority.pk),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "parental authority" in str(response.json()["detail"])


def test_the_pupil_under_16_is_a_422(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    response = _api(consent.world.administration).post(
        f"/api/v1/pupils/{pupil.pk}/consents",
        _paper(consent, "pupil"),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_class_overview(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    response = _api(consent.world.teacher).get(
        f"/api/v1/groups/{consent.world.group_a.pk}/consents"
    )
    assert response.status_code == 200
    [row] = response.json()
    assert row["pupil_id"] == consent.world.pupil_a.pk
    assert {c["purpose"]: c["status"] for c in row["consents"]}["website"] == "granted"


def test_a_form_dated_in_the_future_is_a_422(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    form = {**_paper(consent, consent.mother.pk), "signed_at": "2999-01-01T12:00:00+01:00"}
    response = _api(consent.world.administration).post(
        f"/api/v1/pupils/{pupil.pk}/consents", form, content_type="application/json"
    )
    assert response.status_code == 422
    assert not ConsentDecision.objects.exists()
