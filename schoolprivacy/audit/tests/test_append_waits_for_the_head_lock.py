"""Two transactions appending to one existing chain at once (PostgreSQL, two connections): the
second reads the head under a row lock, so it waits for the first to commit and then appends
after the first's event. Without the lock it would read the committed head, its guarded UPDATE
would wait, find the head moved and fail the business transaction (issue 18.3)."""

import pytest
from django.db import connection, transaction

from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.testing.two_connections import Pause, interleave

CHAIN = 987_655


def _append() -> AuditEvent:
    return audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_a_second_transaction_waits_for_the_first_and_appends_after_it() -> None:
    _append()  # the chain exists and is committed at 1
    first_appended = Pause()

    def first() -> None:
        with transaction.atomic():
            _append()  # the head at 2, not committed
            first_appended()

    def second() -> None:
        with transaction.atomic():
            _append()  # a new connection: no remembered head, so it reads the head

    race = interleave(
        first,
        first_appended,
        second,
        second_waits=True,
        message="the second transaction should wait for the first's head row",
    )
    race.first.result()
    race.second.result()
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 3
    assert list(AuditEvent.objects.filter(chain=CHAIN).values_list("seq", flat=True)) == [1, 2, 3]
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 3
