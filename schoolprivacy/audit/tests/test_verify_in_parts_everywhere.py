"""A review of decision 0063: for every single tampering at every position of a chain (deleted,
changed, unlinked, swapped with the next, made unkeyed) and for every number of parts, the
walk in parts reports exactly what one walk reports. Also with a legacy seal and a retained
start inside the chain, events beyond the head, and a head replayed from earlier. The parts
are walked in this process; the forked path is `test_verify_in_parts`."""

from collections.abc import Callable
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
from schoolprivacy.audit.tests.chain_edits import ChainEdits, summary
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.verification import verify_chain

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


EDIT = ChainEdits(CHAIN)


KINDS: dict[str, Callable[[int], None]] = {
    "deleted": EDIT.delete,
    "changed": EDIT.change,
    "unlinked": EDIT.unlink,
    "swapped": EDIT.swap,
    "unkeyed": EDIT.unkeyed,
}


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
            one = summary(verify_chain(CHAIN, in_parts=True))
        for count in range(2, 6):
            with override_settings(AUDIT_VERIFY_PROCESSES=count):
                parts = summary(verify_chain(CHAIN, in_parts=True))
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
