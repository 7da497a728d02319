"""A review of decision 0063: for every single tampering at every position of a chain (deleted,
changed, unlinked, swapped with the next, made unkeyed) and for every number of parts, the
walk in parts reports exactly what one walk reports. Also with a legacy seal and a retained
start inside the chain, events beyond the head, and a head replayed from earlier. The parts
are walked in this process; the forked path is `test_verify_in_parts`."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from schoolprivacy.audit import verification
from schoolprivacy.audit.chain import head_mac
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.retention import expire_oldest
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.verification import ChainReport, verify_chain

CHAIN = 543_211
EVENTS = 17


def _chain() -> None:
    for number in range(EVENTS):
        with time_machine.travel(datetime(2019 + number // 6, 3, 1, tzinfo=UTC), tick=False):
            audit_record(
                action="people.pupil.updated",
                board_id=CHAIN,
                actor_id=None,
                subjects=[Subject(PUPIL, number)],
            )


def _id(seq: int) -> int:
    return AuditEvent.objects.get(chain=CHAIN, seq=seq).id


def _delete(seq: int) -> None:
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [_id(seq)])
    execute("DELETE FROM audit_auditevent WHERE id = %s", [_id(seq)])


def _change(seq: int) -> None:
    execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y.z", _id(seq)])


def _unlink(seq: int) -> None:
    execute("UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", ["0" * 64, _id(seq)])


def _swap(seq: int) -> None:
    if not AuditEvent.objects.filter(chain=CHAIN, seq=seq + 1).exists():
        return
    first, second = _id(seq), _id(seq + 1)
    execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [10**9, first])
    execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [seq, second])
    execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [seq + 1, first])


def _unkeyed(seq: int) -> None:
    """Rehashed with the old unkeyed scheme, which needs no key (no seal covers it)."""
    execute(
        "UPDATE audit_auditevent SET scheme = 1, hash = %s WHERE id = %s",
        [hashlib.sha256(str(seq).encode()).hexdigest(), _id(seq)],
    )


KINDS = {"deleted": _delete, "changed": _change, "unlinked": _unlink, "swapped": _swap,
         "unkeyed": _unkeyed}  # fmt: skip


def _summary(report: ChainReport) -> tuple[Any, ...]:
    problem = report.problem
    return (
        report.checked,
        report.last.seq if report.last is not None else None,
        None if problem is None else (problem.seq, problem.event_id, problem.reason),
    )


def _compare(monkeypatch: pytest.MonkeyPatch, what: str) -> list[str]:
    """Differences between one walk and every split into 2..5 parts."""
    monkeypatch.setattr(verification, "CHUNK", 3)
    monkeypatch.setattr(verification, "PART_AT_LEAST", 2)
    monkeypatch.setattr(verification, "can_fork", lambda *_args: True)
    splits: list[int] = []

    def in_this_process(function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
        splits.append(len(calls))
        return [function(*call) for call in calls]

    monkeypatch.setattr(verification, "run_parts", in_this_process)
    found = []
    with translation.override("en"):
        with override_settings(AUDIT_VERIFY_PROCESSES=1):
            one = _summary(verify_chain(CHAIN, in_parts=True))
        for count in range(2, 6):
            with override_settings(AUDIT_VERIFY_PROCESSES=count):
                parts = _summary(verify_chain(CHAIN, in_parts=True))
            if parts != one:
                found.append(f"{what}, {count} parts: {parts} != one walk {one}")
    assert splits, "never split"
    return found


def _every_tampering(monkeypatch: pytest.MonkeyPatch, seqs: range) -> list[str]:
    found = _compare(monkeypatch, "intact")
    for kind, tamper in KINDS.items():
        for seq in seqs:
            with transaction.atomic():
                tamper(seq)
                found += _compare(monkeypatch, f"{kind} {seq}")
                transaction.set_rollback(True)
    return found


@pytest.mark.django_db
def test_every_single_tampering_is_reported_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain()
    assert _every_tampering(monkeypatch, range(1, EVENTS + 1)) == []


@pytest.mark.django_db
def test_after_a_retained_start_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _chain()
    expired = expire_oldest(
        chain=CHAIN,
        before=datetime(2020, 1, 1, tzinfo=UTC),
        out_dir=tmp_path,
        now=datetime(2026, 12, 5, tzinfo=UTC),
    )
    assert expired.removed == 6
    assert _every_tampering(monkeypatch, range(7, EVENTS + 2)) == []


@pytest.mark.django_db
def test_events_beyond_the_head_and_a_replayed_head(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain()
    key = chain_key()
    found = []
    for seq in (4, 8, 12, 16):
        with transaction.atomic():
            event = AuditEvent.objects.get(chain=CHAIN, seq=seq)
            execute(
                "UPDATE audit_auditchainhead SET seq = %s, hash = %s, mac = %s WHERE chain = %s",
                [seq, event.hash, head_mac(key=key, chain=CHAIN, seq=seq, hash=event.hash), CHAIN],
            )
            found += _compare(monkeypatch, f"head replayed at {seq}")
            transaction.set_rollback(True)
    assert AuditChainHead.objects.get(chain=CHAIN).seq == EVENTS
    assert found == []
    assert settings.AUDIT_CHAIN_KEY


@pytest.mark.django_db
@pytest.mark.parametrize("unkeyed", [5, 6, 7])
def test_with_a_legacy_seal_at_an_edge(monkeypatch: pytest.MonkeyPatch, unkeyed: int) -> None:
    """Unkeyed events up to a seal, keyed ones after it: the seal at, before and after the
    edge between parts (2..5 parts of 17 events put edges at 5/6, 6/7 and 7/8)."""
    from schoolprivacy.audit.tests.test_unkeyed_events_from_before_the_key import (
        seal,
        write_unkeyed_chain,
    )

    write_unkeyed_chain(CHAIN, unkeyed)
    assert seal() == 1
    for _number in range(EVENTS - unkeyed):
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    assert _every_tampering(monkeypatch, range(1, EVENTS + 1)) == []
