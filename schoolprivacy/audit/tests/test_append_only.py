import pytest
from django.db import DatabaseError, connection, transaction

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL"
    ),
]


def test_postgresql_rejects_an_update(world):
    event = audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).update(action="people.pupil.deleted")


def test_postgresql_rejects_a_delete(world):
    event = audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.id])
