"""`audit_batch()` (decision 0061): events chained in memory and written together, in the form an
unbatched append writes, and never into a savepoint that could take them back."""

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit import verification
from schoolprivacy.audit.batch import audit_batch
from schoolprivacy.audit.context import AuditError
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import GUARDIAN, PUPIL
from schoolprivacy.audit.verification import verify_chain

CHAIN, OTHER = 876_543, 876_544  # board numbers no fixture uses: new chains in every test


def _record(n: int = 1, chain: int = CHAIN, start: int = 0) -> list[AuditEvent]:
    """n events with 0, 1 or 2 subjects and JSON that stored form must print right."""
    return [
        audit_record(
            action="people.pupil.updated",
            board_id=chain,
            actor_id=None if i % 4 == 0 else 12,
            subjects=[Subject(PUPIL, i), Subject(GUARDIAN, i + 100)][: i % 3],
            fields=["surname", "first_name"][: i % 2 + 1],
            context={"source": "import", "counts": {"rows": i, "ratio": 0.5}, "rule": "pupil.left"},
            channel="command",
        )
        for i in range(start, start + n)
    ]


def _seqs(chain: int = CHAIN) -> list[int]:
    return list(AuditEvent.objects.filter(chain=chain).values_list("seq", flat=True))


def _intact(chain: int = CHAIN) -> int:
    report = verify_chain(chain)
    assert report.problem is None, str(report.problem)
    head = AuditChainHead.objects.get(chain=chain)
    assert head.seq == report.checked
    return report.checked


def _stored(chain: int) -> list[tuple[Any, ...]]:
    """Every stored column but the ones that differ between chains, with the subject rows."""
    rows = []
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq"):
        index = list(
            AuditSubject.objects.filter(event=event)
            .order_by("id")
            .values_list("subject_type", "subject_id")
        )
        rows.append(
            (event.seq, event.action, event.actor_id, event.channel, event.subjects,
             event.fields, event.context, event.scheme, index)
        )  # fmt: skip
    return rows


@pytest.mark.django_db
def test_a_batch_writes_what_unbatched_appends_write(monkeypatch) -> None:
    with transaction.atomic():
        _record(10, chain=OTHER)
        _record(3)
        with audit_batch():
            held = _record(5, start=3)
            assert [e.id for e in held] == [None] * 5  # ids come with the flush
            assert _seqs() == [1, 2, 3]
        _record(2, start=8)
    assert [e.id for e in held] == list(
        AuditEvent.objects.filter(chain=CHAIN, seq__in=range(4, 9)).values_list("id", flat=True)
    )
    assert [e.hash for e in held] == list(
        AuditEvent.objects.filter(chain=CHAIN, seq__in=range(4, 9)).values_list("hash", flat=True)
    )
    assert _stored(CHAIN) == _stored(OTHER)
    # The fast path alone accepts them: stored form and subject rows exactly as unbatched.
    monkeypatch.setattr(verification, "_full_check", lambda *args: "full check used")
    assert _intact() == 10


@pytest.mark.django_db
def test_a_batch_flushes_every_n_events_and_the_chain_runs_on_across_flushes(monkeypatch) -> None:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with audit_batch(flush_every=3):
            _record(7)
            assert _seqs() == [1, 2, 3, 4, 5, 6]
            assert AuditChainHead.objects.get(chain=CHAIN).seq == 6
        assert _seqs() == list(range(1, 8))
    # One statement (SQLite: one executemany) inserts the events of a flush.
    inserts = [q for q in queries if 'INSERT INTO "audit_auditevent"' in q["sql"]]
    assert len(inserts) == 3
    monkeypatch.setattr(verification, "_full_check", lambda *args: "full check used")
    assert _intact() == 7


@pytest.mark.django_db
def test_a_batch_starts_a_new_chain_and_runs_several_chains() -> None:
    with transaction.atomic(), audit_batch(flush_every=4):
        for i in range(5):
            _record(1, chain=CHAIN, start=i)
            _record(1, chain=OTHER, start=i)
    assert (_intact(CHAIN), _intact(OTHER)) == (5, 5)


@pytest.mark.django_db
def test_an_exception_leaving_the_batch_writes_none_of_its_events() -> None:
    with transaction.atomic():
        _record(1)
        with pytest.raises(RuntimeError), audit_batch(flush_every=3):
            _record(5)  # three of them flushed already
            raise RuntimeError("the change fails")
        assert AuditChainHead.objects.get(chain=CHAIN).seq == 1
        _record(1)  # the remembered head is forgotten: this one follows the real head
    assert _seqs() == [1, 2]
    assert _intact() == 2


@pytest.mark.django_db
def test_unbatched_appends_after_a_batch_follow_its_last_event_at_one_round_trip() -> None:
    with transaction.atomic():
        with audit_batch():
            _record(4)
        with CaptureQueriesContext(connection) as queries:
            _record(1, start=1)  # one subject
    writes = [q for q in queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 3)
    assert _intact() == 5


@pytest.mark.django_db(transaction=True)
def test_the_batch_is_refused_outside_a_transaction() -> None:
    with pytest.raises(AuditError, match="needs a transaction"), audit_batch():
        _record(1)
    assert not AuditEvent.objects.filter(chain=CHAIN).exists()


@pytest.mark.django_db
def test_recording_inside_a_savepoint_within_the_batch_is_refused() -> None:
    with transaction.atomic(), audit_batch():
        _record(2)
        with transaction.atomic():
            with pytest.raises(AuditError, match="savepoint"):
                _record(1)
            transaction.set_rollback(True)
        _record(1)
    assert _seqs() == [1, 2, 3]
    assert _intact() == 3


@pytest.mark.django_db
def test_a_savepoint_rolled_back_or_released_within_the_batch_takes_no_events() -> None:
    with transaction.atomic(), audit_batch(flush_every=2):
        _record(1)
        with pytest.raises(RuntimeError), transaction.atomic():
            AuditChainHead.objects.filter(chain=-1).exists()
            raise RuntimeError("the inner change fails")
        _record(1)  # the flush: at the batch's level, not in the rolled back savepoint
        with transaction.atomic():
            AuditChainHead.objects.filter(chain=-1).exists()
        _record(2)
        with pytest.raises(RuntimeError), transaction.atomic():
            raise RuntimeError("another inner change fails")
        _record(1)
    assert _seqs() == [1, 2, 3, 4, 5]
    assert _intact() == 5


@pytest.mark.django_db
def test_a_nested_batch_joins_the_outer_one_and_inside_a_savepoint_is_refused() -> None:
    with transaction.atomic(), audit_batch():
        _record(1)
        with audit_batch():
            _record(2)
        assert _seqs() == []  # held by the outer batch
        with transaction.atomic():
            with pytest.raises(AuditError, match="savepoint"), audit_batch():
                pass
            transaction.set_rollback(True)
    assert _intact() == 3


@pytest.mark.django_db
def test_leaving_the_batch_with_another_savepoint_open_is_an_error() -> None:
    with transaction.atomic():
        inner = transaction.atomic()
        with pytest.raises(AuditError, match="savepoint"), audit_batch():
            _record(2)
            inner.__enter__()  # never left inside the batch
        inner.__exit__(None, None, None)
    assert _seqs() == []
