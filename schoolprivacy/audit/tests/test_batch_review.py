"""Review of `audit_batch()` and migration 0008 (decision 0061): values that stored form must
carry exactly, forged events a jumping head passes over, stale heads after rollbacks, two
connections starting one chain, and the head guard put back after a restore."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from schoolprivacy.audit import verification
from schoolprivacy.audit.batch import audit_batch
from schoolprivacy.audit.chain import GENESIS_HASH, event_hash, head_mac, stored_forms
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record, event_row, insert_sql
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.testing.two_connections import Pause, interleave

CHAIN, OTHER = 876_601, 876_602
ODD_FIELDS = [
    'quote"d', "back\\slash", "tab\there", "line\nbreak", "cr\rlf", "bell\x07", "del\x7f",
    "é", "ĳ", "日本", "emoji😀", "sep\u2028\u2029", "bom\ufeff", "slash/", "</script>", "\\u0041",
]  # fmt: skip


def _record(chain: int, fields: list[str] | None = None) -> AuditEvent:
    return audit_record(
        action="people.pupil.updated", board_id=chain, actor_id=None, fields=fields or []
    )


def _stored(chain: int) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cast = "::text" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"SELECT seq, fields{cast}, subjects{cast}, context{cast} FROM audit_auditevent "  # nosec B608
            "WHERE chain = %s ORDER BY seq",
            [chain],
        )
        return list(cursor.fetchall())


def _intact(chain: int) -> int:
    report = verify_chain(chain)
    assert report.problem is None, str(report.problem)
    return report.checked


@pytest.mark.django_db
def test_odd_text_is_stored_as_an_unbatched_append_stores_it(monkeypatch) -> None:
    with transaction.atomic():
        for name in ODD_FIELDS:
            _record(OTHER, [name])
        with audit_batch(flush_every=5):
            for name in ODD_FIELDS:
                _record(CHAIN, [name])
    assert _stored(CHAIN) == _stored(OTHER)
    monkeypatch.setattr(verification, "_full_check", lambda *args: "full check used")
    assert _intact(CHAIN) == len(ODD_FIELDS)


@pytest.mark.django_db
def test_a_nul_is_refused_or_kept_alike_batched_and_unbatched() -> None:
    outcomes = []
    for chain, batched in ((OTHER, False), (CHAIN, True)):
        try:
            with transaction.atomic():
                if batched:
                    with audit_batch():
                        _record(chain, ["nul\x00here"])
                else:
                    _record(chain, ["nul\x00here"])
            outcomes.append("kept")
        except DatabaseError:
            outcomes.append("refused")
    assert outcomes[0] == outcomes[1]
    assert _stored(CHAIN) == _stored(OTHER)


def _forge_after(chain: int, seq: int, prev: str, n: int, *, bad: int | None) -> list[str]:
    """n events inserted by hand after (seq, prev); event number `bad` (1-based) carries a hash
    made without the key, the others are well chained. Their hashes."""
    hashes = []
    with connection.cursor() as cursor:
        for i, s in enumerate(range(seq + 1, seq + n + 1), start=1):
            content: dict[str, Any] = {
                "chain": chain, "seq": s, "action": "people.pupil.updated", "actor_id": None,
                "occurred_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=s),
                "channel": "web", "subjects": [], "fields": [], "context": {}, "prev_hash": prev,
            }  # fmt: skip
            key = b"not the key" if i == bad else chain_key()
            prev = content["hash"] = event_hash(key=key, **content)
            cursor.execute(
                insert_sql(connection), event_row(connection, content, stored_forms(content))
            )
            hashes.append(prev)
    return hashes


def _jump(chain: int, seq: int, hash_: str, *, key: bytes) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditchainhead SET seq = %s, hash = %s, mac = %s WHERE chain = %s",
            [seq, hash_, head_mac(key=key, chain=chain, seq=seq, hash=hash_), chain],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [1, 2, 3])
def test_a_head_moved_by_hand_over_a_forged_event_is_caught_by_verify(bad: int) -> None:
    first = _record(CHAIN)
    hashes = _forge_after(CHAIN, first.seq, first.hash, 3, bad=bad)
    _jump(CHAIN, 4, hashes[-1], key=chain_key())  # the trigger lets it pass: ends are right
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 4
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == first.seq + bad


@pytest.mark.django_db
def test_a_head_moved_by_hand_without_the_key_is_caught_by_verify() -> None:
    first = _record(CHAIN)
    hashes = _forge_after(CHAIN, first.seq, first.hash, 3, bad=None)
    _jump(CHAIN, 4, hashes[-1], key=b"not the key")
    assert verify_chain(CHAIN).problem is not None


@pytest.mark.django_db
def test_the_head_never_jumps_over_events_of_another_chain() -> None:
    first = _record(CHAIN)
    for _ in range(4):
        _record(OTHER)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        # Events 2..4 exist in OTHER only; a jump of CHAIN over them is refused.
        _jump(CHAIN, 4, AuditEvent.objects.get(chain=OTHER, seq=4).hash, key=chain_key())
    assert AuditChainHead.objects.get(chain=CHAIN).seq == first.seq


@pytest.mark.django_db
def test_after_a_rolled_back_transaction_the_next_append_follows_the_real_head() -> None:
    _record(CHAIN)
    with transaction.atomic():
        with audit_batch():
            for _ in range(3):
                _record(CHAIN)
        transaction.set_rollback(True)  # the batch's events (and the head move) are gone
    with transaction.atomic():
        _record(CHAIN)  # remembered head (4) is stale: read again under the lock
        with audit_batch():
            _record(CHAIN)
            _record(CHAIN)
    assert list(AuditEvent.objects.filter(chain=CHAIN).values_list("seq", flat=True)) == [
        1, 2, 3, 4,
    ]  # fmt: skip
    assert _intact(CHAIN) == 4


@pytest.mark.django_db
def test_a_batch_rolled_back_by_set_rollback_keeps_nothing_and_the_chain_runs_on() -> None:
    _record(CHAIN)
    with transaction.atomic():
        with audit_batch(flush_every=2):
            for _ in range(3):
                _record(CHAIN)
            transaction.set_rollback(True)
        assert AuditChainHead.objects.get(chain=CHAIN).seq == 1
        _record(CHAIN)
    assert _intact(CHAIN) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.parametrize("second_batched", [False, True], ids=["unbatched", "batched"])
def test_two_transactions_start_one_new_chain_the_second_after_the_batch(
    second_batched: bool,
) -> None:
    pause = Pause()

    def first() -> None:
        with transaction.atomic(), audit_batch():
            _record(CHAIN)  # the head row created and locked, nothing written yet
            pause()
            _record(CHAIN)
            _record(CHAIN)

    def second() -> None:
        with transaction.atomic():
            if second_batched:
                with audit_batch():
                    _record(CHAIN)
                    _record(CHAIN)
            else:
                _record(CHAIN)

    race = interleave(
        first, pause, second, second_waits=True,
        message="the second transaction should wait for the new head the batch created",
    )  # fmt: skip
    race.first.result()
    race.second.result()
    assert AuditEvent.objects.filter(chain=CHAIN).count() == (5 if second_batched else 4)
    assert AuditEvent.objects.get(chain=CHAIN, seq=1).prev_hash == GENESIS_HASH
    assert _intact(CHAIN) == (5 if second_batched else 4)


def _failing_head_move(monkeypatch: pytest.MonkeyPatch) -> None:
    from schoolprivacy.audit import batch, services

    monkeypatch.setattr(batch, "_move_head", lambda *args: False)  # "the head moved"
    monkeypatch.setattr(services, "_move_head", lambda *args: False)
    monkeypatch.setattr(services, "_append_in_one", lambda *args: None)


@pytest.mark.django_db
@pytest.mark.parametrize("batched", [False, True], ids=["unbatched", "batched"])
@pytest.mark.parametrize("flush_every", [1, 1_000], ids=["mid-batch", "at-the-end"])
def test_a_change_is_not_kept_when_the_write_of_its_event_failed_and_was_caught(
    monkeypatch: pytest.MonkeyPatch, batched: bool, flush_every: int
) -> None:
    """The import's pattern: the change first, its event in a batch at the end. A failed append
    leaves the transaction unable to commit; a failed flush must too, although the batch's own
    savepoint was rolled back and the caller caught the error."""
    _record(CHAIN)
    _failing_head_move(monkeypatch)
    with transaction.atomic():
        AuditChainHead.objects.create(chain=OTHER, seq=0, hash=GENESIS_HASH)  # the change
        try:
            if batched:
                with audit_batch(flush_every=flush_every):
                    _record(CHAIN)
                    _record(CHAIN)
            else:
                _record(CHAIN)
        except Exception:  # noqa: S110  # a caller that swallows the failure
            pass
        assert connection.needs_rollback
    assert not AuditChainHead.objects.filter(chain=OTHER).exists()
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 1


@pytest.mark.django_db
def test_an_exception_of_the_body_leaves_the_outer_transaction_usable() -> None:
    """Only a failed write poisons the transaction; the body's own exceptions stay catchable."""
    with transaction.atomic():
        with pytest.raises(RuntimeError), audit_batch():
            _record(CHAIN)
            raise RuntimeError("the body fails")
        assert not connection.needs_rollback
        _record(CHAIN)
    assert _intact(CHAIN) == 1


def _head_guard() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'audit_auditchainhead_forward_only'"
            )
        else:
            cursor.execute("SELECT pg_get_functiondef('audit_head_forward_only'::regproc)")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
@pytest.mark.parametrize("weakened", ["0005", "no-op"])
def test_a_restore_puts_back_0008s_head_guard_over_a_weakened_one(weakened: str) -> None:
    import importlib

    from schoolprivacy.backups import append_only

    m5 = importlib.import_module(
        "schoolprivacy.audit.migrations.0005_append_only_on_both_databases"
    )
    migrated = _head_guard()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditchainhead_forward_only")
            cursor.execute(
                next(s for s in m5.sqlite_statements() if "_forward_only" in s)
                if weakened == "0005"
                else "CREATE TRIGGER audit_auditchainhead_forward_only BEFORE UPDATE ON "
                "audit_auditchainhead WHEN 0 BEGIN SELECT 1; END;"
            )
        else:
            cursor.execute(
                m5.POSTGRESQL_HEAD_FUNCTION
                if weakened == "0005"
                else "CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS "
                "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql;"
            )
    assert _head_guard() != migrated
    append_only.reinstall()
    assert _head_guard() == migrated
    first = _record(CHAIN)
    hashes = _forge_after(CHAIN, first.seq, first.hash, 3, bad=None)
    _jump(CHAIN, 4, hashes[-1], key=chain_key())  # 0008's jump works again
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        _jump(CHAIN, 2, hashes[0], key=chain_key())  # and backwards is refused again
