"""Corrections: the parent proposes per item, the privacy officer accepts through the dossier
(previous version kept, audited) or refuses with a reason; recipients and the source are named."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record, RecordVersion
from schoolprivacy.dossier.services import record_create
from schoolprivacy.requests.corrections import (
    correction_accept,
    correction_propose,
    correction_refuse,
)
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import Correction, Kind

ClientFor = Callable[[User], Client]


def _record(world: World) -> Record:
    return record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Leest traag",
        body="Leest op niveau M4",
    )


def test_an_accepted_correction_goes_through_the_dossier_and_keeps_the_old_text(
    world: World,
) -> None:
    record = _record(world)
    proposal = correction_propose(
        actor=world.parent,
        pupil=world.pupil_a,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed="Leest op niveau E5",
        explanation="Toets van juni",
    )
    assert proposal.request.kind == Kind.RECTIFICATION
    # A second proposal joins the same open request.
    second = correction_propose(
        actor=world.parent,
        pupil=world.pupil_a,
        source="dossier.Record",
        item_id=record.pk,
        field_name="title",
        proposed="Leest vlot",
    )
    assert second.request_id == proposal.request_id
    with pytest.raises(RequestNotFound):  # only the officer decides
        correction_accept(actor=world.care_coordinator, correction_id=proposal.pk)
    correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)
    record.refresh_from_db()
    assert record.body == "Leest op niveau E5"
    old = RecordVersion.objects.get(record=record)
    assert old.body == "Leest op niveau M4" and old.change == "corrected"
    assert AuditEvent.objects.filter(action="dossier.record.corrected").count() == 1
    with pytest.raises(TransitionRefused):
        correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)
    refused = correction_refuse(
        actor=world.privacy_officer, correction_id=second.pk, reason="De titel klopt"
    )
    assert refused.state == Correction.State.REFUSED
    record.refresh_from_db()
    assert record.title == "Leest traag"


def test_nobody_proposes_corrections_of_someone_elses_data(world: World) -> None:
    record = _record(world)
    for actor in (world.parent_b, world.parent_without_authority, world.teacher):
        with pytest.raises(RequestNotFound):
            correction_propose(
                actor=actor,
                pupil=world.pupil_a,
                source="dossier.Record",
                item_id=record.pk,
                field_name="body",
                proposed="x",
            )
    other = record_create(
        actor=world.teacher_b,
        pupil=world.pupil_b,
        category_key="pupil.observations",
        title="Ander kind",
    )
    with pytest.raises(RequestNotFound):  # an item of another child, through this child
        correction_propose(
            actor=world.parent,
            pupil=world.pupil_a,
            source="dossier.Record",
            item_id=other.pk,
            field_name="title",
            proposed="x",
        )


def test_staff_edits_and_deletions_keep_the_previous_version(world: World) -> None:
    from schoolprivacy.dossier.services import record_delete, record_update

    record = _record(world)
    record_update(actor=world.teacher, record=record, body="Leest op niveau M5")
    record_delete(actor=world.teacher, record=record)
    versions = list(RecordVersion.objects.order_by("replaced_at", "id"))
    assert [(v.change, v.body) for v in versions] == [
        ("updated", "Leest op niveau M4"),
        ("deleted", "Leest op niveau M5"),
    ]
    assert versions[1].record is None and versions[1].record_number == record.pk


def test_the_portal_form_proposes_and_outsiders_get_404(
    world: World, parent_client: ClientFor
) -> None:
    record = _record(world)
    url = reverse("portal:propose_correction", args=[world.pupil_a.pk])
    data = {"source": "dossier.Record", "item": record.pk, "field": "body", "proposed": "Beter"}
    assert parent_client(world.parent_b).post(url, data).status_code == 404
    assert parent_client(world.parent).post(url, data).status_code == 302
    assert Correction.objects.get().proposed == "Beter"
