"""The breach API: any staff member reports; the privacy officer reads one incident with its
notify-by deadline; everyone else gets 404, without a token 401."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.breaches.models import Breach
from schoolprivacy.conftest import World


def _api(user: User) -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _report(client: Client, **changes: object):
    body = {
        "aware_at": "2026-03-27T16:30:00+01:00",
        "description": "Cijferlijst van groep 5a per ongeluk gedeeld met alle ouders.",
        "systems": ["ParnasSys"],
        **changes,
    }
    return client.post("/api/v1/breaches", body, content_type="application/json")


def test_a_teacher_reports_and_gets_the_deadline(registered: World):
    response = _report(_api(registered.teacher))
    assert response.status_code == 201, response.content
    body = response.json()
    # Friday 16:30 CET + 72 hours = Monday 17:30 CEST (summer time began on Sunday).
    assert datetime.fromisoformat(body["notify_by"]) == datetime(2026, 3, 30, 15, 30, tzinfo=UTC)
    breach = Breach.objects.get(pk=body["id"])
    assert breach.reported_by == registered.teacher
    assert breach.affected_pupils == 3


def test_the_privacy_officer_reads_it_with_notify_by(registered: World):
    created = _report(_api(registered.teacher)).json()
    response = _api(registered.privacy_officer).get(f"/api/v1/breaches/{created['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["notify_by"] == created["notify_by"]
    assert "pupil.education_number" in body["categories"]
    assert body["reporter"] == "staff" and body["risk"] == "unassessed"


@pytest.mark.parametrize(
    "persona", ["teacher", "director", "care_coordinator", "administration", "other_board_staff"]
)
def test_others_get_404(registered: World, persona: str):
    created = _report(_api(registered.teacher)).json()
    response = _api(getattr(registered, persona)).get(f"/api/v1/breaches/{created['id']}")
    assert response.status_code == 404


def test_an_officer_of_another_board_gets_404(registered: World):
    from schoolprivacy.access.models import Role
    from schoolprivacy.testing import factories

    created = _report(_api(registered.teacher)).json()
    board = factories.make_board(name="Stichting Anders")
    officer = factories.make_staff(board=board, username="fg.anders")
    factories.assign(officer, Role.PRIVACY_OFFICER)
    assert _api(officer.user).get(f"/api/v1/breaches/{created['id']}").status_code == 404


def test_a_supplier_report_is_recorded_as_such(registered: World):
    created = _report(_api(registered.administration), supplier="Leermiddel BV").json()
    breach = Breach.objects.get(pk=created["id"])
    assert (breach.reporter_kind, breach.supplier_name) == ("supplier", "Leermiddel BV")


def test_a_moment_in_the_future_or_without_zone_is_refused(registered: World):
    client = _api(registered.teacher)
    future = (timezone.now() + timedelta(hours=2)).isoformat()
    assert _report(client, aware_at=future).status_code == 422
    assert _report(client, aware_at="2026-03-27T16:30:00").status_code == 422
    assert not Breach.objects.exists()


def test_without_a_token_it_is_401(registered: World):
    assert _report(Client()).status_code == 401
    assert Client().get("/api/v1/breaches/1").status_code == 401
