"""Two transactions appending to one existing chain at once (PostgreSQL, two connections): the
second reads the head under a row lock, so it waits for the first to commit and then appends
after the first's event. Without the lock it would read the committed head, its guarded UPDATE
would wait, find the head moved and fail the business transaction (issue 18.3)."""

import pytest
from django.db import connection

from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.tests.test_append_at_speed import two_appends_at_once
from schoolprivacy.audit.verification import verify_chain

CHAIN = 987_655


def _append() -> AuditEvent:
    return audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_a_second_transaction_waits_for_the_first_and_appends_after_it() -> None:
    _append()  # the chain exists and is committed at 1
    # The first's head at 2 is not committed; the second, a new connection with no remembered
    # head, reads the head and must wait for it.
    two_appends_at_once(_append, "the second transaction should wait for the first's head row")
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 3
    assert list(AuditEvent.objects.filter(chain=CHAIN).values_list("seq", flat=True)) == [1, 2, 3]
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 3
