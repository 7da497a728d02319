"""Appending remembers the head it moved, but never trusts the memory (issue 18.3).

The head is moved with a guarded UPDATE (`WHERE seq = remembered AND hash = remembered`); when
another connection appended meanwhile, or a savepoint with our own events rolled back, the guard
misses and the head is read again under a lock. A new chain's head is created with ON CONFLICT DO
NOTHING, so two transactions starting a chain at once both succeed.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.testing.two_connections import Pause, Worker, interleave

CHAIN = 987_654  # a board number no fixture uses: the chain is new in every test


def _append(n: int = 1, **extra: Any) -> list[AuditEvent]:
    return [
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None, **extra)
        for _ in range(n)
    ]


def _intact() -> int:
    report = verify_chain(CHAIN)
    assert report.problem is None, str(report.problem)
    return report.checked


@pytest.mark.django_db
def test_events_after_a_rolled_back_savepoint_follow_the_real_head() -> None:
    with transaction.atomic():
        _append()
        try:
            with transaction.atomic():
                _append(2)
                raise RuntimeError("the inner change fails")
        except RuntimeError:
            pass
        _append()
    assert [e.seq for e in AuditEvent.objects.filter(chain=CHAIN)] == [1, 2]
    assert _intact() == 2


@pytest.mark.django_db
def test_appending_in_one_transaction_costs_three_statements_per_event() -> None:
    _append()  # the first append of a chain reads and creates its head
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        _append(50, subjects=[Subject(PUPIL, 7), Subject(PUPIL, 8)])
    # Move the head, insert the event, insert its subject rows (savepoints aside); on
    # PostgreSQL the three are one statement.
    writes = [q for q in queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes) == 50 * (1 if connection.vendor == "postgresql" else 3)
    assert _intact() == 51


@pytest.mark.django_db(transaction=True)
def test_another_connection_appending_in_between_is_noticed() -> None:
    _append()  # this connection remembers the head at 1
    other = Worker(lambda: _append(2))
    other.start()
    other.result()
    _append()  # the remembered head is stale: read again under a lock
    assert [e.seq for e in AuditEvent.objects.filter(chain=CHAIN)] == [1, 2, 3, 4]
    assert _intact() == 4


def two_appends_at_once(append: Callable[[], object], message: str) -> None:
    """Two transactions append on two connections: the first stops after its append, holding
    the head it moved; the second must wait for it, then both commit."""
    appended = Pause()

    def first() -> None:
        with transaction.atomic():
            append()
            appended()

    def second() -> None:
        with transaction.atomic():
            append()

    race = interleave(first, appended, second, second_waits=True, message=message)
    race.first.result()
    race.second.result()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_two_transactions_starting_a_new_chain_at_once_both_commit() -> None:
    # The second waits on the first's uncommitted head row (it would otherwise fail with a
    # duplicate key), then the first commits.
    two_appends_at_once(_append, "the second transaction should wait for the first")
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 2
    assert _intact() == 2
