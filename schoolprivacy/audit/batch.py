"""Appending many events in one transaction: `with audit_batch():` (decision 0061).

One append is one round trip to the database (three statements on SQLite, one on PostgreSQL),
and a round trip alone costs about as much as the 5,000 events per second of issue 18 item 3
allow. Inside `audit_batch()` `audit_record` chains each event in memory, exactly as it would
have written it, and writes them at once: when the scope ends and every `flush_every` events.

- The first event of a chain in the batch reads its head under a row lock (creating a new
  chain's head), as an unbatched first append does: another transaction appending to the board
  waits for our commit, never finds the head moved under its feet.
- A flush inserts the events (and their subject rows) in one multi-row statement, then moves the
  head over them with one guarded UPDATE; the database lets the head jump only over events that
  are there and follow it (migration 0008). Stored forms, hashes and the head's MAC are those of
  unbatched appends, so `verify-audit` cannot tell them apart.
- The scope is a savepoint of its own: an exception leaving it takes back the changes made
  inside it together with the events already flushed, and forgets those not yet flushed. So a
  change and its event are kept or lost together, as without a batch.
- Events are written at the level the batch started at. `audit_record` inside a savepoint opened
  within the batch (a nested `transaction.atomic()`) raises AuditError: writing there, the
  savepoint's rollback could take earlier events of the batch with it, and holding the event
  back, we could not know whether its change was rolled back. Record the event after the inner
  block, or open the batch inside it. `transaction.savepoint()` called by hand is not seen.
- A nested `audit_batch()` at the same level joins the outer batch; inside a savepoint of it,
  it is refused.
- The returned AuditEvent has its `id` (and `pk`) only after the flush that writes it.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from schoolprivacy.audit.chain import CURRENT_SCHEME, head_mac
from schoolprivacy.audit.context import AuditError
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject
from schoolprivacy.audit.services import (
    chain_event,
    event_row,
    heads_of,
    insert_sql,
    locked_head,
)

__all__ = ["FLUSH_EVERY", "audit_batch"]

FLUSH_EVERY = 1_000


@dataclass
class _Chain:
    """One chain's part of the batch: where its head is in the database, what is held back."""

    seq: int
    hash: str
    key: bytes = b""
    events: list[tuple[dict[str, Any], dict[str, str], AuditEvent]] = field(default_factory=list)

    @property
    def tip(self) -> tuple[int, str]:
        if not self.events:
            return self.seq, self.hash
        content = self.events[-1][0]
        return content["seq"], content["hash"]


def _savepoints(connection: BaseDatabaseWrapper) -> list[str]:
    # `atomic(savepoint=False)` (audit_record's own) adds None: it opens no savepoint.
    return [sid for sid in connection.savepoint_ids if sid is not None]


class _Batch:
    def __init__(self, connection: BaseDatabaseWrapper, flush_every: int) -> None:
        self.connection = connection
        self.flush_every = flush_every
        self.savepoints = _savepoints(connection)
        self.chains: dict[int, _Chain] = {}
        self.held = 0
        self.write_failed = False

    def check_level(self, what: str) -> None:
        if not self.connection.in_atomic_block or _savepoints(self.connection) != self.savepoints:
            raise AuditError(
                f"{what} inside a savepoint opened within audit_batch(): its rollback would "
                "take earlier events of the batch with it. Record after the inner atomic "
                "block, or open the batch inside it."
            )

    def add(self, key: bytes, content: dict[str, Any], forms: dict[str, str]) -> AuditEvent:
        self.check_level("audit_record")
        chain = content["chain"]
        pending = self.chains.get(chain)
        if pending is None:
            # Locked until the commit: nobody appends to this chain until our events are in.
            pending = self.chains[chain] = _Chain(*locked_head(key, chain))
            heads_of(self.connection).pop(chain, None)
        chain_event(key, content, forms, *pending.tip)
        pending.key = key
        event = AuditEvent(**content, scheme=CURRENT_SCHEME)
        event._state.db = self.connection.alias
        pending.events.append((content, forms, event))
        self.held += 1
        if self.held >= self.flush_every:
            self.flush()
        return event

    def flush(self) -> None:
        try:
            self._flush()
        except BaseException:
            self.write_failed = True
            raise

    def _flush(self) -> None:
        write = _flush_postgresql if self.connection.vendor == "postgresql" else _flush_sqlite
        heads = heads_of(self.connection)
        with self.connection.cursor() as cursor:
            for chain, pending in self.chains.items():
                if not pending.events:
                    continue
                ids = write(cursor, self.connection, chain, pending)
                seq, hash_ = pending.tip
                moved = _move_head(cursor, pending, seq, hash_)
                if not moved or len(ids) != len(pending.events):
                    raise AuditError(f"The head of audit chain {chain} moved while it was locked.")
                for (_content, _forms, event), event_id in zip(pending.events, ids, strict=True):
                    event.id = event_id
                    event._state.adding = False
                pending.seq, pending.hash, pending.events = seq, hash_, []
                heads[chain] = (seq, hash_)
        self.held = 0

    def forget(self) -> None:
        """After an exception: nothing held back is written; the heads are read again."""
        heads = heads_of(self.connection)
        for chain in self.chains:
            heads.pop(chain, None)
        self.chains = {}
        self.held = 0


def _move_head(cursor: Any, pending: _Chain, seq: int, hash_: str) -> bool:
    """The head from where the batch found it (or last flushed) to its last event, if it is
    still there: one UPDATE however many events lie between."""
    chain = pending.events[0][0]["chain"]
    cursor.execute(
        f"UPDATE {AuditChainHead._meta.db_table} "  # noqa: S608  # nosec B608 (a table name)
        "SET seq = %s, hash = %s, mac = %s WHERE chain = %s AND seq = %s AND hash = %s",
        [
            seq, hash_, head_mac(key=pending.key, chain=chain, seq=seq, hash=hash_),
            chain, pending.seq, pending.hash,
        ],
    )  # fmt: skip
    return bool(cursor.rowcount == 1)


def _flush_sqlite(
    cursor: Any, connection: BaseDatabaseWrapper, chain: int, pending: _Chain
) -> list[int]:
    quote = connection.ops.quote_name
    events = pending.events
    cursor.executemany(insert_sql(connection), [event_row(connection, c, f) for c, f, _ in events])
    cursor.execute(
        f"SELECT {quote('id')} FROM {quote(AuditEvent._meta.db_table)} "  # noqa: S608  # nosec B608 (names)
        "WHERE chain = %s AND seq > %s AND seq <= %s ORDER BY seq",
        [chain, pending.seq, events[-1][0]["seq"]],
    )
    ids = [int(row[0]) for row in cursor.fetchall()]
    subjects = [
        (event_id, s["type"], s["id"])
        for (content, _f, _e), event_id in zip(events, ids, strict=False)
        for s in content["subjects"]
    ]
    if subjects:
        cursor.executemany(
            f"INSERT INTO {quote(AuditSubject._meta.db_table)} "  # noqa: S608  # nosec B608 (names)
            "(event_id, subject_type, subject_id) VALUES (%s, %s, %s)",
            subjects,
        )
    return ids


def _postgresql_sql(connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    events, subjects = AuditEvent._meta.db_table, AuditSubject._meta.db_table
    # One statement: the events in sequence order (so their ids ascend with it), then each
    # event's subject rows in the order of its `subjects` (the verifier compares them by id).
    # The rows come as two JSON texts: one string parameter each instead of a dozen arrays,
    # which the driver quotes element by element in Python. The JSON columns come as the
    # stored-form texts themselves, cast as an unbatched append casts them.
    return (
        f"WITH event AS (INSERT INTO {quote(events)} (chain, seq, occurred_at, action, actor_id, "  # noqa: S608  # nosec B608 (names)
        "channel, subjects, fields, context, prev_hash, hash, scheme) "
        "SELECT %s, u.seq, u.at, u.action, u.actor, u.channel, u.subjects::jsonb, "
        "u.fields::jsonb, u.context::jsonb, u.prev, u.hash, %s FROM json_to_recordset(%s::json) "
        "AS u(seq bigint, at timestamptz, action text, actor bigint, channel text, "
        "subjects text, fields text, context text, prev text, hash text) "
        "ORDER BY u.seq RETURNING id, seq), "
        f"subject AS (INSERT INTO {quote(subjects)} (event_id, subject_type, subject_id) "
        "SELECT event.id, s.type, s.id FROM json_to_recordset(%s::json) "
        "AS s(seq bigint, type text, id bigint, n bigint) "
        "JOIN event ON event.seq = s.seq ORDER BY s.n) "
        "SELECT id FROM event ORDER BY seq"
    )


def _flush_postgresql(
    cursor: Any, connection: BaseDatabaseWrapper, chain: int, pending: _Chain
) -> list[int]:
    rows = []
    subjects: list[dict[str, Any]] = []
    for content, forms, _event in pending.events:
        seq = content["seq"]
        rows.append(
            {
                "seq": seq, "at": content["occurred_at"].isoformat(), "action": content["action"],
                "actor": content["actor_id"], "channel": content["channel"],
                "subjects": forms["subjects"], "fields": forms["fields"],
                "context": forms["context"], "prev": content["prev_hash"], "hash": content["hash"],
            }
        )  # fmt: skip
        subjects += [
            {"seq": seq, "type": s["type"], "id": s["id"], "n": len(subjects) + n}
            for n, s in enumerate(content["subjects"])
        ]
    cursor.execute(
        _postgresql_sql(connection),
        [chain, CURRENT_SCHEME, json.dumps(rows), json.dumps(subjects)],
    )
    return [int(row[0]) for row in cursor.fetchall()]


@contextmanager
def audit_batch(*, flush_every: int = FLUSH_EVERY) -> Iterator[None]:
    """Hold back this connection's `audit_record` events and write them together (see above).

    Only inside a transaction: outside one each change would commit before its event."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise AuditError("audit_batch() needs a transaction: use it inside transaction.atomic().")
    if flush_every < 1:
        raise AuditError("audit_batch() needs flush_every of at least 1.")
    outer: _Batch | None = getattr(connection, "_audit_batch", None)
    if outer is not None:
        outer.check_level("audit_batch()")
        yield  # joins the outer batch: its savepoint, its flushes
        return
    batch: _Batch | None = None
    try:
        with transaction.atomic():
            batch = _Batch(connection, flush_every)
            connection._audit_batch = batch
            try:
                yield
                batch.check_level("The end of audit_batch()")
                if connection.needs_rollback:
                    batch.forget()  # set_rollback(True) or a caught error: the savepoint goes
                else:
                    batch.flush()
            except BaseException:
                batch.forget()
                raise
            finally:
                connection._audit_batch = None
    finally:
        if batch is not None and batch.write_failed:
            # The events may record changes made before the batch, outside its savepoint: as
            # after a failed unbatched append, the transaction cannot commit them without.
            transaction.set_rollback(True)
