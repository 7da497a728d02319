"""The query that lets `verify-audit` hash what the database hands it (scheme 3, decision 0041).

Per event the database returns the message its hash covers (`audit.chain.stored_message`),
concatenated from the stored columns in C, and whether its subject index rows print as its
`subjects` column. Python then only compares the sequence number and previous hash and computes
one HMAC per event. Whatever does not pass here (an older scheme, a text PostgreSQL prints
otherwise than `stored_json`, a subject index in old names, tampering) goes through the full
check of `audit.verification`, which rebuilds the message from the decoded values.
"""

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
    # Subject types are codes (audit.subjects.SUBJECT_TYPE): nothing to escape.
    index = (
        "e.subjects = coalesce((SELECT '[' || group_concat(item, ', ') || ']' FROM ("  # noqa: S608
        """SELECT '{"id": ' || s.subject_id || ', "type": "' || s.subject_type || '"}' AS item """
        f"FROM {subjects} s WHERE s.event_id = e.id ORDER BY s.id)), '[]')"  # nosec B608
    )
    return (
        f"SELECT e.id, e.seq, e.prev_hash, e.hash, e.scheme, {message}, {index} "  # noqa: S608  # nosec B608 (model names)
        f"FROM {events} e WHERE e.chain = %s AND e.seq > %s ORDER BY e.seq LIMIT %s"
    )


def _postgresql(events: str, subjects: str) -> str:
    line = " || chr(10) || "
    message = line.join(
        [
            f"'{STORED_HEADER}'",
            "e.chain::text",
            "e.seq::text",
            "to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
            "e.action",
            "coalesce(e.actor_id::text, 'null')",
            "e.channel",
            "e.subjects::text",
            "e.fields::text",
            "e.context::text",
            "e.prev_hash",
        ]
    )
    index = (
        "e.subjects = coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.subject_id, "  # noqa: S608
        "'type', "
        "s.subject_type) ORDER BY s.id) "
        f"FROM {subjects} s WHERE s.event_id = e.id), '[]'::jsonb)"  # nosec B608
    )
    return (
        f"SELECT e.id, e.seq, e.prev_hash, e.hash, e.scheme, {message}, {index} "  # noqa: S608  # nosec B608 (model names)
        f"FROM {events} e WHERE e.chain = %s AND e.seq > %s ORDER BY e.seq LIMIT %s"
    )


def fast_page_sql(connection: BaseDatabaseWrapper) -> str:
    """The page query for this database (SQLite or PostgreSQL, the two the product runs on)."""
    quote = connection.ops.quote_name
    events, subjects = quote(AuditEvent._meta.db_table), quote(AuditSubject._meta.db_table)
    if connection.vendor == "sqlite":
        return _sqlite(events, subjects)
    if connection.vendor == "postgresql":
        return _postgresql(events, subjects)
    raise NotImplementedError(f"verify-audit does not know the {connection.vendor} database.")
