"""The database refuses to change or remove audit rows, on SQLite and on PostgreSQL alike."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal, AuditSubject
from schoolprivacy.audit.services import Subject, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return audit_record(
        action="people.pupil.created",
        board_id=world.board.id,
        actor_id=None,
        subjects=[Subject("people.pupil", world.pupil_a.id)],
    )


def refused(sql: str, params: list[int | str], match: str = "append-only") -> None:
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_it_refuses_to_update_an_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).update(action="people.pupil.deleted")
    assert AuditEvent.objects.get(id=event.id).action == "people.pupil.created"


def test_it_refuses_to_delete_an_event(event):
    refused("DELETE FROM audit_auditsubject WHERE event_id = %s", [event.id])
    refused("DELETE FROM audit_auditevent WHERE id = %s", [event.id])
    assert AuditSubject.objects.filter(event_id=event.id).count() == 1


def test_it_refuses_to_update_a_subject_row(event):
    refused("UPDATE audit_auditsubject SET subject_id = 1 WHERE event_id = %s", [event.id])


def test_it_refuses_to_change_or_remove_a_legacy_seal(world):
    AuditLegacySeal.objects.create(
        chain=world.board.id, seq=1, hash="a" * 64, mac="b" * 64, sealed_at=timezone.now()
    )
    refused("UPDATE audit_auditlegacyseal SET seq = 2 WHERE chain = %s", [world.board.id])
    refused("DELETE FROM audit_auditlegacyseal WHERE chain = %s", [world.board.id])


HEAD = "the audit chain head only moves forward"


def test_the_head_moves_forward_one_event_per_append(world, event):
    audit_record(action="people.pupil.updated", board_id=world.board.id, actor_id=None)
    assert AuditChainHead.objects.get(chain=world.board.id).seq == 2


def test_it_refuses_to_move_the_head_back(world, event):
    refused("UPDATE audit_auditchainhead SET seq = 0 WHERE chain = %s", [world.board.id], HEAD)


def test_it_refuses_to_move_the_head_past_an_event_that_is_not_there(world, event):
    refused("UPDATE audit_auditchainhead SET seq = 3 WHERE chain = %s", [world.board.id], HEAD)


def test_it_refuses_to_change_the_heads_mac_in_place(world, event):
    refused(
        "UPDATE audit_auditchainhead SET mac = %s WHERE chain = %s",
        ["0" * 64, world.board.id],
        HEAD,
    )


def test_it_refuses_to_delete_the_head(world, event):
    refused("DELETE FROM audit_auditchainhead WHERE chain = %s", [world.board.id], HEAD)
