"""Tests that need real commits (live_server, transactional_db) empty the database afterwards.

On SQLite that is a DELETE, which the append-only triggers refuse; the test backend lifts them for
the flush only (schoolprivacy/testing/sqlite). On PostgreSQL the flush is a TRUNCATE.
"""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_log_and_the_guard_stays(world):
    audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()
    event = audit_record(action="people.pupil.created", board_id=1, actor_id=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).update(action="people.pupil.deleted")
