"""The requests API: recording with a past receipt date, the workflow, 401 and 404."""

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.requests.clock import due_on

Bearer = Callable[[User], dict[str, str]]


def _record(client: Client, headers: dict[str, str], pupil_id: int, **extra: object) -> object:
    payload = {
        "pupil": pupil_id,
        "kind": "access",
        "received_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "channel": "letter",
        "requester_name": "A. Jansen",
        **extra,
    }
    return client.post(
        "/api/v1/requests", payload, content_type="application/json", headers=headers
    )


def test_without_a_token_it_is_401(world: World, client: Client) -> None:
    assert client.get("/api/v1/requests/1").status_code == 401
    assert _record(client, {}, world.pupil_a.pk).status_code == 401  # type: ignore[attr-defined]


def test_the_administration_records_a_letter_received_days_ago(
    world: World, client: Client, bearer: Bearer
) -> None:
    received = timezone.localdate() - timedelta(days=3)
    response = _record(client, bearer(world.administration), world.pupil_a.pk)
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == "received"
    assert body["received_on"] == received.isoformat()
    assert body["due_on"] == due_on(received).isoformat()
    got = client.get(f"/api/v1/requests/{body['id']}", headers=bearer(world.privacy_officer))
    assert got.json()["due_on"] == body["due_on"]


def test_a_future_receipt_date_is_refused(world: World, client: Client, bearer: Bearer) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _record(client, bearer(world.administration), world.pupil_a.pk, received_on=tomorrow)
    assert response.status_code == 422  # type: ignore[attr-defined]


def test_outsiders_get_404(world: World, client: Client, bearer: Bearer) -> None:
    for outsider in (world.teacher, world.care_coordinator, world.other_board_staff):
        assert _record(client, bearer(outsider), world.pupil_a.pk).status_code == 404  # type: ignore[attr-defined]
    # The administration of school A does not record for school B's pupil.
    assert _record(client, bearer(world.administration), world.pupil_b.pk).status_code == 404  # type: ignore[attr-defined]
    created = _record(client, bearer(world.privacy_officer), world.pupil_a.pk).json()  # type: ignore[attr-defined]
    for outsider in (
        world.teacher,
        world.care_coordinator,
        world.other_board_staff,
        world.director,
    ):
        headers = bearer(outsider)
        assert client.get(f"/api/v1/requests/{created['id']}", headers=headers).status_code == 404
        verify = client.post(
            f"/api/v1/requests/{created['id']}/verify",
            {"text": "x"},
            content_type="application/json",
            headers=headers,
        )
        assert verify.status_code == 404
        package = client.get(f"/api/v1/requests/{created['id']}/package", headers=headers)
        assert package.status_code == 404
    # The administration follows its school's requests but does not handle them.
    admin = bearer(world.administration)
    assert client.get(f"/api/v1/requests/{created['id']}", headers=admin).status_code == 200
    step = client.post(
        f"/api/v1/requests/{created['id']}/verify",
        {"text": "x"},
        content_type="application/json",
        headers=admin,
    )
    assert step.status_code == 404


def _post(
    client: Client, headers: dict[str, str], rid: int, step: str, **payload: object
) -> object:
    return client.post(
        f"/api/v1/requests/{rid}/{step}", payload, content_type="application/json", headers=headers
    )


def test_the_privacy_officer_takes_a_request_through_every_step(
    world: World, client: Client, bearer: Bearer
) -> None:
    officer = bearer(world.privacy_officer)
    rid = _record(client, bearer(world.administration), world.pupil_a.pk).json()["id"]  # type: ignore[attr-defined]
    # No package before identity is checked; no answer either.
    assert client.get(f"/api/v1/requests/{rid}/package", headers=officer).status_code == 409
    assert _post(client, officer, rid, "answer", text="Zie bijlage").status_code == 409  # type: ignore[attr-defined]
    verified = _post(client, officer, rid, "verify", text="Paspoort gezien aan de balie")
    assert verified.json()["status"] == "verified"  # type: ignore[attr-defined]
    extended = _post(client, officer, rid, "extend", months=2, reason="Veel systemen na te gaan")
    body = extended.json()  # type: ignore[attr-defined]
    assert body["status"] == "extended"
    received = date.fromisoformat(body["received_on"])
    assert body["due_on"] == due_on(received, extension_months=2).isoformat()
    again = _post(client, officer, rid, "extend", months=1, reason="Nog eens")
    assert again.status_code == 409  # type: ignore[attr-defined]
    package = client.get(f"/api/v1/requests/{rid}/package", headers=officer)
    assert package.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["csv", "json", "pdf"]
    assert _post(client, officer, rid, "answer", text="Verstuurd").json()["status"] == "answered"  # type: ignore[attr-defined]
    assert _post(client, officer, rid, "close").json()["status"] == "closed"  # type: ignore[attr-defined]
    actions = list(
        AuditEvent.objects.filter(action__startswith="requests.request.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "requests.request.received",
        "requests.request.verified",
        "requests.request.extended",
        "requests.request.answered",
        "requests.request.closed",
    ]
    # No personal values in the log: the reasons and answers stay out.
    contexts = json.dumps(list(AuditEvent.objects.values_list("context", flat=True)))
    assert "Paspoort" not in contexts and "systemen" not in contexts


def test_an_extension_must_be_told_within_the_first_month(
    world: World, client: Client, bearer: Bearer
) -> None:
    officer = bearer(world.privacy_officer)
    old = (timezone.localdate() - timedelta(days=70)).isoformat()
    rid = _record(
        client, officer, world.pupil_a.pk, received_on=old, identity_check="Teruggebeld"
    ).json()["id"]  # type: ignore[attr-defined]
    late = _post(client, officer, rid, "extend", months=1, reason="Te laat")
    assert late.status_code == 409  # type: ignore[attr-defined]


def test_a_refusal_needs_reasons(world: World, client: Client, bearer: Bearer) -> None:
    officer = bearer(world.privacy_officer)
    rid = _record(client, officer, world.pupil_a.pk, kind="erasure").json()["id"]  # type: ignore[attr-defined]
    assert _post(client, officer, rid, "refuse", text="").status_code == 422  # type: ignore[attr-defined]
    refused = _post(client, officer, rid, "refuse", text="Wettelijke bewaarplicht")
    assert refused.json()["status"] == "refused"  # type: ignore[attr-defined]
