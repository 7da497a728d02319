"""The pages that let `verify-audit` hash what the database hands it (scheme 3, decision 0041).

Per event a page holds the message its hash covers (`audit.chain.stored_message`) made of the
stored columns' texts, and whether its subject index rows print as its `subjects` column. SQLite
concatenates and compares in its query; PostgreSQL prints the columns and the index rows (one
query each per page), and Python joins and compares them (decision 0054): a correlated subquery
per event cost the server more than the hashing cost Python. Python then only compares the
sequence number and previous hash and computes one HMAC per event. Whatever does not pass here
(an older scheme, a text PostgreSQL prints otherwise than `stored_json`, a subject index in old
names, tampering) goes through the full check of `audit.verification`, which rebuilds the
message from the decoded values.
"""

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from schoolprivacy.audit.chain import STORED_HEADER
from schoolprivacy.audit.models import AuditEvent, AuditSubject

# (id, seq, prev_hash, hash, scheme, message, subjects index as in the event)
FAST_COLUMNS = 7


def _sqlite(events: str, subjects: str) -> str:
    line = " || char(10) || "
    message = line.join(
        [
            f"'{STORED_HEADER}'",
            "e.chain",
            "e.seq",
            "e.occurred_at",
            "e.action",
            "coalesce(e.actor_id, 'null')",
            "e.channel",
            "e.subjects",
            "e.fields",
            "e.context",
            "e.prev_hash",
        ]
    )
    # The type quoted as JSON: pasted between quotes, one row could print as two subjects.
    index = (
        "e.subjects = coalesce((SELECT '[' || group_concat(item, ', ') || ']' FROM ("  # noqa: S608
        """SELECT '{"id": ' || s.subject_id || ', "type": ' || json_quote(s.subject_type) """
        """|| '}' AS item """
        f"FROM {subjects} s WHERE s.event_id = e.id ORDER BY s.id)), '[]')"  # nosec B608
    )
    return (
        f"SELECT e.id, e.seq, e.prev_hash, e.hash, e.scheme, {message}, {index} "  # noqa: S608  # nosec B608 (model names)
        f"FROM {events} e WHERE e.chain = %s AND e.seq > %s ORDER BY e.seq LIMIT %s"
    )


def _postgresql(events: str) -> str:
    # The stored texts as columns: PostgreSQL prints each once (jsonb output, the time), Python
    # joins them. Concatenating eleven texts per row in SQL and comparing the subject index with
    # a correlated jsonb_agg per row cost the server three times the hashing (decision 0054).
    return (
        "SELECT e.id, e.seq, e.prev_hash, e.hash, e.scheme, "  # noqa: S608  # nosec B608 (model names)
        "to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), e.action, "
        "coalesce(e.actor_id::text, 'null'), e.channel, e.subjects::text, e.fields::text, "
        f"e.context::text FROM {events} e WHERE e.chain = %s AND e.seq > %s ORDER BY e.seq LIMIT %s"
    )


# One subject row as jsonb prints an element of `subjects` (keys by length; the type as a JSON
# string, so a type holding a quote cannot pass for two subjects).
_ITEM = """concat('{"id": ', s.subject_id, ', "type": ', to_json(s.subject_type), '}')"""


def _index_by_range(subjects: str) -> str:
    """Every subject row of the events with an id in a range (the page's, when it is dense)."""
    return (
        f"SELECT s.event_id, {_ITEM} "  # noqa: S608  # nosec B608 (model names)
        f"FROM {subjects} s WHERE s.event_id BETWEEN %s AND %s ORDER BY s.event_id, s.id"
    )


def _index_by_page(events: str, subjects: str) -> str:
    """Every subject row of the chain's events in a range of sequence numbers."""
    return (
        f"SELECT s.event_id, {_ITEM} "  # noqa: S608  # nosec B608 (model names)
        f"FROM {subjects} s JOIN {events} e ON e.id = s.event_id "
        "WHERE e.chain = %s AND e.seq > %s AND e.seq <= %s ORDER BY s.event_id, s.id"
    )


def _index_texts(index_rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """event id -> its subject rows printed as its `subjects` column would print them: the
    list in index order."""
    items: dict[int, list[str]] = {}
    for event_id, item in index_rows:
        found = items.get(event_id)
        if found is None:
            items[event_id] = [item]
        else:
            found.append(item)
    return {event_id: "[" + ", ".join(parts) + "]" for event_id, parts in items.items()}


def _fetch_postgresql(
    cursor: Any, chain: int, after: int, size: int, *, events: str, subjects: str
) -> tuple[list[tuple[Any, ...]], dict[int, str]]:
    """The rows of one page and its subject index texts by event id (two queries)."""
    cursor.execute(_postgresql(events), [chain, after, size])
    rows = cursor.fetchall()
    if not rows:
        return [], {}
    low, high = min(r[0] for r in rows), max(r[0] for r in rows)
    # Ids of one chain are dense unless other boards appended in between: then read its own.
    if high - low < 2 * len(rows):
        cursor.execute(_index_by_range(subjects), [low, high])
    else:
        cursor.execute(_index_by_page(events, subjects), [chain, after, rows[-1][1]])
    return rows, _index_texts(cursor.fetchall())


def _shape(
    chain: int, rows: list[tuple[Any, ...]], index: dict[int, str]
) -> Iterable[tuple[Any, ...]]:
    """A fetched page in the shape of FAST_COLUMNS: the message joined in Python, the subject
    index compared in Python. Made as the walk reads it, so memory holds the fetched page once."""
    if not rows:
        return ()
    head = f"{STORED_HEADER}\n{chain}\n"
    return (
        (
            event_id,
            seq,
            prev,
            stored_hash,
            scheme,
            f"{head}{seq}\n{at}\n{action}\n{actor}\n{channel}\n{listed}\n{fields}\n"
            f"{context}\n{prev}",
            listed == index.get(event_id, "[]"),
        )
        for (
            event_id, seq, prev, stored_hash, scheme, at, action, actor, channel, listed, fields,
            context,
        ) in rows
    )  # fmt: skip


def postgresql_page(
    cursor: Any, chain: int, after: int, size: int, *, events: str, subjects: str
) -> Iterable[tuple[Any, ...]]:
    """One page in the shape of FAST_COLUMNS, read on the caller's cursor."""
    rows, index = _fetch_postgresql(cursor, chain, after, size, events=events, subjects=subjects)
    return _shape(chain, rows, index)


class PrefetchedPages:
    """PostgreSQL pages, each next one read while the walk hashes the current one (decision
    0054, amended): a worker thread runs the next page's two queries on its own cursor of the
    same connection (psycopg connections are thread-safe and serialise their queries; the same
    connection means the same transaction and snapshot as the walk's; a Django cursor, so the
    queries are logged and wrapped as the walk's are). The page after `after`
    is guessed to start after the last sequence number of the page handed out; a walk that
    asks for another (it stopped at a problem) gets its page read then. `close` waits for the
    worker: call it before the connection is used for anything else but the full check."""

    def __init__(
        self, connection: BaseDatabaseWrapper, events: str, subjects: str, bound: int | None
    ) -> None:
        self._bound = bound
        self._cursor = connection.cursor()
        self._fetch = functools.partial(_fetch_postgresql, events=events, subjects=subjects)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-audit")
        self._pending: tuple[tuple[int, int, int], Future[Any]] | None = None

    def _read(self, chain: int, after: int, size: int) -> Any:
        return self._fetch(self._cursor, chain, after, size)

    def __call__(self, cursor: Any, chain: int, after: int, size: int) -> Iterable[tuple[Any, ...]]:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == (chain, after, size):
            rows, index = pending[1].result()
        else:
            if pending is not None:
                pending[1].result()  # not the page asked for: let it finish, then read ours
            rows, index = self._fetch(cursor, chain, after, size)
        last = rows[-1][1] if rows else 0
        # The walk asks for no more than its bound: neither is read ahead.
        following_size = size if self._bound is None else min(size, self._bound - last)
        if len(rows) == size and following_size > 0:
            following = (chain, last, following_size)
            self._pending = (following, self._pool.submit(self._read, *following))
        return _shape(chain, rows, index)

    def close(self) -> None:
        pending, self._pending = self._pending, None
        try:
            if pending is not None:
                pending[1].result()
        finally:
            self._pool.shutdown(wait=True)
            self._cursor.close()


Page = Callable[[Any, int, int, int], Iterable[tuple[Any, ...]]]


def fast_pages(connection: BaseDatabaseWrapper, bound: int | None = None) -> Page:
    """(cursor, chain, after seq, size) -> the next page of rows in the shape of FAST_COLUMNS, for
    this database (SQLite or PostgreSQL, the two the product runs on); falsy when it is empty.
    `bound`: the walk's last sequence number, if it has one (no page is read ahead past it)."""
    quote = connection.ops.quote_name
    events, subjects = quote(AuditEvent._meta.db_table), quote(AuditSubject._meta.db_table)
    if connection.vendor == "sqlite":
        sql = _sqlite(events, subjects)

        def sqlite_page(cursor: Any, chain: int, after: int, size: int) -> list[tuple[Any, ...]]:
            cursor.execute(sql, [chain, after, size])
            return list(cursor.fetchall())

        return sqlite_page
    if connection.vendor == "postgresql":
        return PrefetchedPages(connection, events, subjects, bound)
    raise NotImplementedError(f"verify-audit does not know the {connection.vendor} database.")
