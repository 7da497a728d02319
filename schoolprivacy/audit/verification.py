"""Checks that no audit event was modified, deleted, inserted or reordered.

Keyed events (scheme 2) must carry the HMAC that only AUDIT_CHAIN_KEY can make; unkeyed events
(scheme 1, written before the key existed) are accepted only up to their chain's legacy seal.
"""

import hashlib
import hmac
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from schoolprivacy.audit.chain import (
    GENESIS_HASH,
    SCHEME_HMAC,
    SCHEME_SHA256,
    event_hash,
    head_mac,
    macs_equal,
    seal_mac,
    sub_key,
)
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal, AuditSubject
from schoolprivacy.audit.subjects import SUBJECT_TYPE, canonical_type

CHUNK = 5000


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        if self.event_id is None:
            return _("chain %(chain)s, sequence %(seq)s (end of chain): %(reason)s") % {
                "chain": self.chain,
                "seq": self.seq,
                "reason": self.reason,
            }
        return _("chain %(chain)s, sequence %(seq)s (event id %(id)s): %(reason)s") % {
            "chain": self.chain,
            "seq": self.seq,
            "id": self.event_id,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ChainReport:
    chain: int
    checked: int
    problem: ChainProblem | None
    # The last event that passed, for checkpoints: None for an empty chain.
    last: AuditEvent | None


def _recomputed(event: AuditEvent, key: bytes) -> str:
    """The hash an event should carry (the plain reference path; `verify_chain` is faster)."""
    return event_hash(
        key=key,
        scheme=event.scheme,
        chain=event.chain,
        seq=event.seq,
        occurred_at=event.occurred_at.astimezone(UTC),
        action=event.action,
        actor_id=event.actor_id,
        channel=event.channel,
        subjects=event.subjects,
        fields=event.fields,
        context=event.context,
        prev_hash=event.prev_hash,
    )


def _scheme_problem(scheme: int, seq: int, seal: AuditLegacySeal | None) -> str | None:
    if scheme == SCHEME_HMAC:
        return None
    if scheme != SCHEME_SHA256:
        return _("unknown hash scheme %(scheme)s") % {"scheme": scheme}
    if seal is None:
        return _("uses the old unkeyed hash, but this chain has no seal for unkeyed events")
    if seq > seal.seq:
        return _("uses the old unkeyed hash after the point where the keyed chain began")
    return None


# --- streaming: rows as the database driver returns them, no model instances -----------------
#
# Verifying is reading plus hashing: at the rate SHA-256 allows, building a model instance per
# event (and parsing its datetime and JSON through Django's converters) cost more than the hash.
# The rows come as plain tuples in pages of CHUNK by sequence number; each page's subject rows
# come with one query. The canonical JSON is assembled from the row with the same encoder as
# `audit.chain.canonical_content` (the keys in sorted order), and `test_verify_audit` checks the
# two agree on every kind of value.

_COLUMNS = (
    "id", "seq", "occurred_at", "action", "actor_id", "channel", "subjects", "fields", "context",
    "prev_hash", "hash", "scheme",
)  # fmt: skip
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_CACHE_LIMIT = 10_000


def _select(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    quote = connection.ops.quote_name
    events, subjects = AuditEvent._meta.db_table, AuditSubject._meta.db_table
    columns = ", ".join(quote(c) for c in _COLUMNS)
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


def _timestamp(value: Any) -> str:
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


class _Canonical:
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
            text = _encode(decoded)
            if len(self.known) > _CACHE_LIMIT:
                self.known.clear()
            self.known[value] = text
            return decoded, text
        return value, _encode(value)


def _message(row: tuple[Any, ...], chain: int, canonical: _Canonical) -> tuple[bytes, Any]:
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
    parts = [
        '{"action":', _encode(action),
        ',"actor_id":', _encode(actor_id),
        ',"chain":', _encode(chain),
        ',"channel":', _encode(channel),
        ',"context":', canonical(context)[1],
        ',"fields":', canonical(fields)[1],
        ',"occurred_at":', _encode(_timestamp(occurred_at)),
        ',"prev_hash":', _encode(prev),
        ',"scheme":' + _encode(scheme) if scheme != SCHEME_SHA256 else "",
        ',"seq":', _encode(seq),
        ',"subjects":', _encode(subject_list),
        "}",
    ]  # fmt: skip
    return "".join(parts).encode(), subject_list


def _index_matches(
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


def verify_chain(chain: int, key: bytes | None = None) -> ChainReport:
    """Walk one chain; report how many events passed, the first problem and the last event.

    Streams the chain in pages: memory holds one page, whatever the length of the chain."""
    key = chain_key() if key is None else key
    event_key = sub_key(key, "event")
    seal = AuditLegacySeal.objects.filter(chain=chain).first()
    connection = connections[router.db_for_read(AuditEvent)]
    page_sql, subjects_sql = _select(connection)
    canonical = _Canonical()
    types: dict[str, str] = {}
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    last_id: int | None = None

    def report(problem: ChainProblem | None) -> ChainReport:
        last = AuditEvent.objects.get(pk=last_id) if last_id is not None else None
        return ChainReport(chain, checked, problem, last)

    with connection.cursor() as cursor:
        while True:
            cursor.execute(page_sql, [chain, expected_seq - 1, CHUNK])
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.execute(subjects_sql, [chain, expected_seq - 1, rows[-1][1]])
            index: dict[int, list[tuple[str, int]]] = defaultdict(list)
            for event_id, subject_type, subject_id in cursor.fetchall():
                index[event_id].append((subject_type, subject_id))
            for row in rows:
                event_id, seq, action, stored_prev, stored_hash, scheme = (
                    row[0], row[1], row[3], row[9], row[10], row[11],
                )  # fmt: skip
                if seq != expected_seq:
                    reason = _("missing event; the next one found is %(seq)s") % {"seq": seq}
                    return report(ChainProblem(chain, expected_seq, event_id, reason))
                if stored_prev != prev_hash:
                    reason = _("does not follow the previous event")
                    return report(ChainProblem(chain, seq, event_id, reason))
                problem = _scheme_problem(scheme, seq, seal)
                if problem is None:
                    message, subject_list = _message(row, chain, canonical)
                    if scheme == SCHEME_HMAC:
                        computed = hmac.digest(event_key, message, "sha256").hex()
                    else:
                        computed = hashlib.sha256(message).hexdigest()
                    if not macs_equal(computed, stored_hash):
                        problem = _(
                            "its hash does not match its content: the event was modified, or "
                            "its hash was not made with this server's AUDIT_CHAIN_KEY"
                        )
                    elif (
                        seal is not None
                        and seq == seal.seq
                        and not macs_equal(stored_hash, seal.hash)
                    ):
                        problem = _("it differs from the last unkeyed event recorded in the seal")
                    elif not _index_matches(subject_list, action, index.get(event_id, []), types):
                        # The index holds the vocabulary's names; the hashed list may hold the
                        # short names of before decision 0021 (migration 0006 rewrote the index).
                        problem = _("subject index does not match the event")
                if problem:
                    return report(ChainProblem(chain, seq, event_id, problem))
                prev_hash = stored_hash
                expected_seq += 1
                checked += 1
                last_id = event_id
    return report(_end_problem(chain, expected_seq - 1, prev_hash, key))


def _end_problem(chain: int, end_seq: int, end_hash: str, key: bytes) -> ChainProblem | None:
    seal = AuditLegacySeal.objects.filter(chain=chain).first()
    if seal is not None:
        if not macs_equal(seal_mac(key=key, chain=chain, seq=seal.seq, hash=seal.hash), seal.mac):
            return ChainProblem(
                chain, seal.seq, None, _("the seal of the unkeyed events was changed")
            )
        if end_seq < seal.seq:
            return ChainProblem(
                chain,
                end_seq,
                None,
                _("the chain ends at %(end)s, before the sealed event %(seq)s: events were deleted")
                % {"end": end_seq, "seq": seal.seq},
            )
    head = AuditChainHead.objects.filter(chain=chain).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != end_seq or head_hash != end_hash:
        return ChainProblem(
            chain,
            head_seq,
            None,
            _(
                "the chain ends at %(end)s but its head records %(head)s: events at the end were "
                "deleted or the head was altered"
            )
            % {"end": end_seq, "head": head_seq},
        )
    if head is not None and not macs_equal(
        head_mac(key=key, chain=chain, seq=head.seq, hash=head.hash), head.mac
    ):
        return ChainProblem(
            chain,
            head_seq,
            None,
            _(
                "the chain head was changed outside the application (events at the end may have "
                "been deleted)"
            ),
        )
    return None


def all_chains() -> list[int]:
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains.update(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains.update(AuditLegacySeal.objects.values_list("chain", flat=True))
    return sorted(chains)
