"""The full check of one audit event, from its columns as the database driver returns them.

Used for events that the fast path of `audit.stored_pages` cannot confirm: older schemes, stored
text PostgreSQL prints otherwise than `audit.chain.stored_json`, subject indexes in old names, and
anything tampered with. No model instances: the canonical content is rebuilt from the row.
"""

import json
from datetime import UTC, datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from schoolprivacy.audit.chain import (
    SCHEME_SHA256,
    SCHEME_STORED,
    stored_json,
    stored_message,
    stored_time,
)
from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.subjects import SUBJECT_TYPE, canonical_type

# --- streaming: rows as the database driver returns them, no model instances -----------------
#
# Verifying is reading plus hashing: at the rate SHA-256 allows, building a model instance per
# event (and parsing its datetime and JSON through Django's converters) cost more than the hash.
# The rows come as plain tuples in pages of CHUNK by sequence number; each page's subject rows
# come with one query. The canonical JSON is assembled from the row with the same encoder as
# `audit.chain.canonical_content` (the keys in sorted order), and `test_verify_audit` checks the
# two agree on every kind of value.

COLUMNS = (
    "id", "seq", "occurred_at", "action", "actor_id", "channel", "subjects", "fields", "context",
    "prev_hash", "hash", "scheme",
)  # fmt: skip
encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
CACHE_LIMIT = 10_000


def select(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    quote = connection.ops.quote_name
    events, subjects = AuditEvent._meta.db_table, AuditSubject._meta.db_table
    columns = ", ".join(quote(c) for c in COLUMNS)
    page = (
        f"SELECT {columns} FROM {quote(events)} "  # noqa: S608  # nosec B608 (model names)
        "WHERE chain = %s AND seq > %s ORDER BY seq LIMIT %s"
    )
    rows = (
        f"SELECT s.event_id, s.subject_type, s.subject_id FROM {quote(subjects)} s "  # noqa: S608  # nosec B608
        f"JOIN {quote(events)} e ON e.id = s.event_id "
        "WHERE e.chain = %s AND e.seq > %s AND e.seq <= %s ORDER BY s.event_id, s.id"
    )
    return page, rows


def timestamp(value: Any) -> str:
    """occurred_at as `canonical_content` writes it, from what the driver returned."""
    if isinstance(value, datetime):
        # SQLite's driver gives Django's naive UTC, PostgreSQL's an aware time.
        moment: datetime = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    text = str(value)
    # SQLite: Django stores UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]".
    if len(text) == 26 and text[10] == " ":
        return f"{text[:10]}T{text[11:]}+00:00"
    if len(text) == 19 and text[10] == " ":
        return f"{text[:10]}T{text[11:]}.000000+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="microseconds")


class Canonical:
    """JSON columns in canonical form; the same `fields` and `context` recur, so they are kept."""

    def __init__(self) -> None:
        self.known: dict[Any, str] = {}

    def __call__(self, value: Any) -> tuple[Any, str]:
        """(the decoded value, its canonical JSON)."""
        if isinstance(value, str):
            found = self.known.get(value)
            if found is not None:
                return None, found
            decoded = json.loads(value)
            text = encode(decoded)
            if len(self.known) > CACHE_LIMIT:
                self.known.clear()
            self.known[value] = text
            return decoded, text
        return value, encode(value)


def message_of(row: tuple[Any, ...], chain: int, canonical: Canonical) -> tuple[bytes, Any]:
    """The canonical content of a row (as `audit.chain.canonical_content`) and its subjects."""
    (
        _id,
        seq,
        occurred_at,
        action,
        actor_id,
        channel,
        subjects,
        fields,
        context,
        prev,
        _h,
        scheme,
    ) = row
    subject_list = json.loads(subjects) if isinstance(subjects, str) else subjects
    if scheme == SCHEME_STORED:
        return stored_message_of(row, chain, subject_list), subject_list
    parts = [
        '{"action":', encode(action),
        ',"actor_id":', encode(actor_id),
        ',"chain":', encode(chain),
        ',"channel":', encode(channel),
        ',"context":', canonical(context)[1],
        ',"fields":', canonical(fields)[1],
        ',"occurred_at":', encode(timestamp(occurred_at)),
        ',"prev_hash":', encode(prev),
        ',"scheme":' + encode(scheme) if scheme != SCHEME_SHA256 else "",
        ',"seq":', encode(seq),
        ',"subjects":', encode(subject_list),
        "}",
    ]  # fmt: skip
    return "".join(parts).encode(), subject_list


def decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def stored_message_of(row: tuple[Any, ...], chain: int, subject_list: Any) -> bytes:
    """The scheme-3 message rebuilt from the decoded values (as `audit_record` made it)."""
    moment = datetime.fromisoformat(timestamp(row[2]))
    return stored_message(
        chain=chain,
        seq=row[1],
        occurred_at=stored_time(moment),
        action=row[3],
        actor_id=row[4],
        channel=row[5],
        subjects=stored_json(subject_list),
        fields=stored_json(decoded(row[7])),
        context=stored_json(decoded(row[8])),
        prev_hash=row[9],
    )


def index_matches(
    subject_list: Any, action: str, rows: list[tuple[str, int]], types: dict[str, str]
) -> bool:
    """Whether the index rows are the event's subjects in the vocabulary (decision 0021)."""
    if not isinstance(subject_list, list) or len(subject_list) != len(rows):
        return False
    for subject, (subject_type, subject_id) in zip(subject_list, rows, strict=True):
        if not isinstance(subject, dict) or subject.get("id") != subject_id:
            return False
        named = subject.get("type")
        if not isinstance(named, str):
            return False
        canonical = types.get(named)
        if canonical is None:
            canonical = canonical_type(named, action)
            if SUBJECT_TYPE.match(named):
                types[named] = canonical
        if canonical != subject_type:
            return False
    return True
