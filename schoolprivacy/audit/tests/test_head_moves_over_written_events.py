"""Migration 0008 (decision 0061): the head may move over several events in one UPDATE, as a batch
moves it, only when every event between is there, the first follows the old head and the last
is the new head. Everything else of 0005 stands (test_append_only)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from schoolprivacy.audit.chain import event_hash, head_mac, stored_forms
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead
from schoolprivacy.audit.services import audit_record, event_row, insert_sql

pytestmark = pytest.mark.django_db
CHAIN = 876_545
HEAD = "the audit chain head only moves forward"


def _events_after(seq: int, prev: str, n: int) -> list[str]:
    """n events after (seq, prev) inserted without moving the head; their hashes."""
    hashes = []
    with connection.cursor() as cursor:
        for s in range(seq + 1, seq + n + 1):
            content: dict[str, Any] = {
                "chain": CHAIN, "seq": s, "action": "people.pupil.updated", "actor_id": None,
                "occurred_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=s),
                "channel": "web", "subjects": [], "fields": [], "context": {}, "prev_hash": prev,
            }  # fmt: skip
            prev = content["hash"] = event_hash(key=chain_key(), **content)
            cursor.execute(
                insert_sql(connection), event_row(connection, content, stored_forms(content))
            )
            hashes.append(prev)
    return hashes


def _move(seq: int, hash_: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        mac = head_mac(key=chain_key(), chain=CHAIN, seq=seq, hash=hash_)
        cursor.execute(
            "UPDATE audit_auditchainhead SET seq = %s, hash = %s, mac = %s WHERE chain = %s",
            [seq, hash_, mac, CHAIN],
        )


@pytest.fixture
def head() -> tuple[int, str]:
    event = audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    return event.seq, event.hash


def test_the_head_moves_over_events_that_are_there_and_follow_it(head: tuple[int, str]) -> None:
    hashes = _events_after(*head, 3)
    _move(4, hashes[-1])
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 4


def test_it_refuses_a_jump_to_another_hash_than_the_last_events(head: tuple[int, str]) -> None:
    hashes = _events_after(*head, 3)
    with pytest.raises(DatabaseError, match=HEAD):
        _move(4, hashes[1])


def test_it_refuses_a_jump_over_a_missing_event(head: tuple[int, str]) -> None:
    hashes = _events_after(*head, 3)
    with pytest.raises(DatabaseError, match=HEAD):
        _move(5, hashes[-1])  # event 5 is not there


def test_it_refuses_a_jump_when_the_first_event_does_not_follow_the_head(
    head: tuple[int, str],
) -> None:
    hashes = _events_after(head[0], "f" * 64, 3)
    with pytest.raises(DatabaseError, match=HEAD):
        _move(4, hashes[-1])
