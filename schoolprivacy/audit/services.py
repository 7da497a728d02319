"""Writing to the audit log. Call `audit_record` inside the transaction of the change it records.

Appending is three statements (move the head, insert the event, insert its subject rows), on
PostgreSQL one statement that does all three (data-modifying CTEs; decision 0041): the
head a connection last moved is remembered, and the head is moved only `WHERE` it still is where
it was remembered. When it is not (another process appended meanwhile, or a savepoint with our
own events rolled back), the head is read again under a row lock, as every first append of a
transaction does. A chain's first head row is inserted with `ON CONFLICT DO NOTHING`, so two
transactions starting a new chain at once wait for each other instead of one failing with a
duplicate key (issue 18.3).
"""

import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from schoolprivacy.audit.chain import (
    CURRENT_SCHEME,
    GENESIS_HASH,
    head_mac,
    stored_forms,
    stored_message,
    sub_key,
)
from schoolprivacy.audit.context import CONTEXT_CODE, AuditError, check_context
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject
from schoolprivacy.audit.subjects import SUBJECT_TYPE
from schoolprivacy.lib.prepared import Int8, prepared_cursor

__all__ = ["CONTEXT_CODE", "AuditError", "Subject", "audit_record"]


class _Batch(Protocol):
    def add(self, key: bytes, content: dict[str, Any], forms: dict[str, str]) -> AuditEvent: ...


ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
CHANNELS = ("web", "api", "command", "task", "system")


@dataclass(frozen=True)
class Subject:
    """One subject of an event. `type` is a constant from `audit.subjects` ("people.pupil")."""

    type: str
    id: int

    def __post_init__(self) -> None:
        # The short names of before decision 0021 ("pupil") are refused: readers would miss them.
        if not SUBJECT_TYPE.match(self.type):
            raise AuditError(
                f"Audit subject type {self.type!r} is not app.model; use audit.subjects."
            )

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id}


def audit_record(
    *,
    action: str,
    board_id: int | None,
    actor_id: int | None,
    subjects: Iterable[Subject] = (),
    fields: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    channel: str = "web",
) -> AuditEvent:
    """Append one event to the board's chain.

    `action` is dotted: app.noun.verb (`accounts.signin.failed`). `fields` are the names of
    changed fields, never their values.
    """
    if not ACTION_PATTERN.match(action):
        raise AuditError(f"Audit action {action!r} must look like app.noun.verb.")
    if channel not in CHANNELS:
        raise AuditError(f"Unknown audit channel {channel!r}.")
    context = dict(context or {})
    check_context(context)
    subject_list = [s.as_dict() for s in subjects]
    field_list = sorted(set(fields))
    chain = board_id or 0
    key = chain_key()

    # No savepoint of its own: an event that cannot be written fails the change it records.
    with transaction.atomic(savepoint=False):
        connection = transaction.get_connection()
        heads = heads_of(connection)
        content: dict[str, Any] = {
            "chain": chain,
            # Stored and hashed in UTC with microseconds so the database round trip is exact.
            "occurred_at": timezone.now().astimezone(UTC),
            "action": action,
            "actor_id": actor_id,
            "channel": channel,
            "subjects": subject_list,
            "fields": field_list,
            "context": context,
        }
        # The texts the database will store and the hash covers (scheme 3): made once per event.
        forms = stored_forms(content)
        batch: _Batch | None = getattr(connection, "_audit_batch", None)
        if batch is not None:
            # Inside `audit.batch.audit_batch`: chained now, written at its next flush.
            return batch.add(key, content, forms)
        remembered = heads.get(chain)
        # PostgreSQL: one statement (a round trip each is what an append costs there).
        append = _append_in_one if connection.vendor == "postgresql" else _append_in_three
        # On PostgreSQL the append is prepared once per connection (decision 0064).
        with prepared_cursor(connection) as cursor:
            event_id = None
            if remembered is not None:
                event_id = append(cursor, connection, key, content, forms, *remembered)
            if event_id is None:
                seq, prev_hash = locked_head(key, chain)
                heads.pop(chain, None)
                event_id = append(cursor, connection, key, content, forms, seq, prev_hash)
                if event_id is None:
                    raise AuditError(f"The head of audit chain {chain} moved while it was locked.")
        event = AuditEvent(id=event_id, **content, scheme=CURRENT_SCHEME)
        event._state.adding = False
        event._state.db = connection.alias
        heads[chain] = (event.seq, event.hash)
    return event


# Plain SQL for the three statements of an append: through the ORM, building the queries cost
# several times more than running them (issue 18.3, benchmarks/audit.py).
_EVENT_COLUMNS = (
    "chain", "seq", "occurred_at", "action", "actor_id", "channel", "subjects", "fields",
    "context", "prev_hash", "hash", "scheme",
)  # fmt: skip


def event_row(
    connection: BaseDatabaseWrapper, content: dict[str, Any], forms: dict[str, str]
) -> list[Any]:
    """The INSERT parameters of an event in `_EVENT_COLUMNS` order, JSON and (on SQLite) the time
    in exactly the text form its scheme-3 hash covers (`audit.chain.stored_forms`)."""
    at = forms["occurred_at"] if connection.vendor == "sqlite" else content["occurred_at"]
    return [
        content["chain"], content["seq"], at, content["action"], content["actor_id"],
        content["channel"], forms["subjects"], forms["fields"], forms["context"],
        content["prev_hash"], content["hash"], CURRENT_SCHEME,
    ]  # fmt: skip


def insert_sql(connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    marks = ", ".join(
        f"%s{cast}" if c in ("subjects", "fields", "context") else "%s" for c in _EVENT_COLUMNS
    )
    columns = ", ".join(quote(c) for c in _EVENT_COLUMNS)
    return (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "  # noqa: S608  # nosec B608 (names)
        f"VALUES ({marks})"
    )


def _append_in_three(
    cursor: Any,
    connection: BaseDatabaseWrapper,
    key: bytes,
    content: dict[str, Any],
    forms: dict[str, str],
    seq: int,
    prev_hash: str,
) -> int | None:
    """Move the head (guarded), insert the event, insert its subject rows: the event's id, or
    None when the head was not where we thought."""
    if not _move_head(cursor, key, content, forms, seq, prev_hash):
        return None
    quote = connection.ops.quote_name
    cursor.execute(
        f"{insert_sql(connection)} RETURNING {quote('id')}", event_row(connection, content, forms)
    )
    event_id: int = cursor.fetchone()[0]
    if content["subjects"]:
        cursor.executemany(
            f"INSERT INTO {quote(AuditSubject._meta.db_table)} "  # noqa: S608  # nosec B608 (names)
            "(event_id, subject_type, subject_id) VALUES (%s, %s, %s)",
            [(event_id, s["type"], s["id"]) for s in content["subjects"]],
        )
    return event_id


def _one_statement_sql(connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _EVENT_COLUMNS)
    marks = ", ".join(
        "%s::jsonb" if c in ("subjects", "fields", "context") else "%s" for c in _EVENT_COLUMNS
    )
    # Data-modifying CTEs all run; the event (and so its subject rows) only FROM the moved head.
    return (
        f"WITH head AS (UPDATE {quote(AuditChainHead._meta.db_table)} "  # noqa: S608  # nosec B608 (names)
        "SET seq = %s, hash = %s, mac = %s WHERE chain = %s AND seq = %s AND hash = %s "
        "RETURNING chain), "
        f"event AS (INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
        f"SELECT {marks} FROM head RETURNING id), "
        f"subject AS (INSERT INTO {quote(AuditSubject._meta.db_table)} "
        "(event_id, subject_type, subject_id) SELECT event.id, s.type, s.id "
        "FROM event, unnest(%s::text[], %s::bigint[]) WITH ORDINALITY AS s(type, id, n) "
        "ORDER BY s.n) "
        "SELECT id FROM event"
    )


def _append_in_one(
    cursor: Any,
    connection: BaseDatabaseWrapper,
    key: bytes,
    content: dict[str, Any],
    forms: dict[str, str],
    seq: int,
    prev_hash: str,
) -> int | None:
    """The three statements of `_append_in_three` as one (PostgreSQL): the same guard."""
    mac = _fill(key, content, forms, seq, prev_hash)
    chain = content["chain"]
    # Bound on the server (`lib.prepared`): every integer as int8, so one statement is prepared.
    row = [Int8(v) if type(v) is int else v for v in event_row(connection, content, forms)]
    cursor.execute(
        _one_statement_sql(connection),
        [
            Int8(seq + 1), content["hash"], mac, Int8(chain), Int8(seq), prev_hash,
            *row,
            [s["type"] for s in content["subjects"]],
            [Int8(s["id"]) for s in content["subjects"]],
        ],
    )  # fmt: skip
    row = cursor.fetchone()
    return None if row is None else int(row[0])


def heads_of(connection: BaseDatabaseWrapper) -> dict[int, tuple[int, str]]:
    """chain -> (seq, hash) of the head this connection last moved: a guess, checked by the
    guarded UPDATE of `_move_head`, never trusted on its own."""
    heads: dict[int, tuple[int, str]] | None = getattr(connection, "_audit_heads", None)
    if heads is None:
        heads = {}
        connection._audit_heads = heads  # type: ignore[attr-defined]
    return heads


def locked_head(key: bytes, chain: int) -> tuple[int, str]:
    """The chain's head, locked until the end of the transaction; created when the chain is new.
    Two transactions creating it at once: the second waits for the first and then finds it."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.bulk_create(
            [
                AuditChainHead(
                    chain=chain,
                    seq=0,
                    hash=GENESIS_HASH,
                    mac=head_mac(key=key, chain=chain, seq=0, hash=GENESIS_HASH),
                )
            ],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head.seq, head.hash


def _fill(
    key: bytes, content: dict[str, Any], forms: dict[str, str], seq: int, prev_hash: str
) -> str:
    """Fill in `content` as the event after (seq, prev_hash); the head's MAC for it."""
    chain_event(key, content, forms, seq, prev_hash)
    return head_mac(key=key, chain=content["chain"], seq=seq + 1, hash=content["hash"])


def chain_event(
    key: bytes, content: dict[str, Any], forms: dict[str, str], seq: int, prev_hash: str
) -> None:
    """Fill in `content` (seq, prev_hash, hash) as the event after (seq, prev_hash)."""
    chain = content["chain"]
    content.pop("hash", None)
    content.update(seq=seq + 1, prev_hash=prev_hash)
    message = stored_message(
        chain=chain,
        seq=seq + 1,
        occurred_at=forms["occurred_at"],
        action=content["action"],
        actor_id=content["actor_id"],
        channel=content["channel"],
        subjects=forms["subjects"],
        fields=forms["fields"],
        context=forms["context"],
        prev_hash=prev_hash,
    )
    content["hash"] = hmac.digest(sub_key(key, "event"), message, "sha256").hex()


def _move_head(
    cursor: Any,
    key: bytes,
    content: dict[str, Any],
    forms: dict[str, str],
    seq: int,
    prev_hash: str,
) -> bool:
    """Fill in `content` as the event after (seq, prev_hash) and move the head to it, only if
    the head is still there. True when it was."""
    mac = _fill(key, content, forms, seq, prev_hash)
    cursor.execute(
        f"UPDATE {AuditChainHead._meta.db_table} "  # noqa: S608  # nosec B608 (a table name)
        "SET seq = %s, hash = %s, mac = %s WHERE chain = %s AND seq = %s AND hash = %s",
        [seq + 1, content["hash"], mac, content["chain"], seq, prev_hash],
    )
    return bool(cursor.rowcount == 1)
