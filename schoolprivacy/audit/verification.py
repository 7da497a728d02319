"""Checks that no audit event was modified, deleted, inserted or reordered.

Keyed events (schemes 2 and 3) must carry the HMAC that only AUDIT_CHAIN_KEY can make; unkeyed
events (scheme 1, written before the key existed) are accepted only up to their chain's legacy
seal.
"""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.utils.translation import gettext as _

from schoolprivacy.audit.all_chains import all_chains, refresh_statistics
from schoolprivacy.audit.chain import (
    GENESIS_HASH,
    SCHEME_HMAC,
    SCHEME_SHA256,
    SCHEME_STORED,
    hmac_template,
    macs_equal,
    sub_key,
)
from schoolprivacy.audit.chain_ends import beyond_head as _beyond_head
from schoolprivacy.audit.chain_ends import end_problem as _end_problem
from schoolprivacy.audit.chain_reports import ChainProblem as ChainProblem
from schoolprivacy.audit.chain_reports import ChainReport as ChainReport
from schoolprivacy.audit.checkpoint import retained_start_problem
from schoolprivacy.audit.decoded_rows import Canonical, index_matches, message_of, select
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import (
    AuditChainHead,
    AuditEvent,
    AuditLegacySeal,
    AuditRetainedStart,
)
from schoolprivacy.audit.stored_pages import fast_pages
from schoolprivacy.lib.forked import available_cores, can_fork, forked_map

CHUNK = 20_000
# A part of a chain walked by a process of its own holds at least this many events: forking
# and opening a connection cost milliseconds, walking 100,000 events half a second.
PART_AT_LEAST = 100_000
# (function, calls) -> results in order; tests walk the parts in one process.
run_parts = forked_map


def _scheme_problem(scheme: int, seq: int, seal: AuditLegacySeal | None) -> str | None:
    if scheme in (SCHEME_HMAC, SCHEME_STORED):
        return None
    if scheme != SCHEME_SHA256:
        return _("unknown hash scheme %(scheme)s") % {"scheme": scheme}
    if seal is None:
        return _("uses the old unkeyed hash, but this chain has no seal for unkeyed events")
    if seq > seal.seq:
        return _("uses the old unkeyed hash after the point where the keyed chain began")
    return None


@dataclass
class _Walk:
    """Where a walk along one chain stands."""

    chain: int
    event_key: bytes
    seal: AuditLegacySeal | None
    expected_seq: int = 1
    prev_hash: str = GENESIS_HASH
    checked: int = 0
    last_id: int | None = None
    # The head's sequence number as read before the walk: events appended after it are not
    # this walk's (None: the chain had no head, so every event found is walked).
    bound: int | None = None
    done: bool = False


def _full_check(
    walk: _Walk,
    row: tuple[Any, ...],
    index: list[tuple[str, int]],
    canonical: Canonical,
    types: dict[str, str],
) -> str | None:
    """Every check on one event from its decoded columns; the reason it fails, or None."""
    seq, action, stored_hash, scheme = row[1], row[3], row[10], row[11]
    problem = _scheme_problem(scheme, seq, walk.seal)
    if problem is not None:
        return problem
    message, subject_list = message_of(row, walk.chain, canonical)
    if scheme == SCHEME_SHA256:
        computed = hashlib.sha256(message).hexdigest()
    else:
        computed = hmac.digest(walk.event_key, message, "sha256").hex()
    if not macs_equal(computed, stored_hash):
        return _(
            "its hash does not match its content: the event was modified, or "
            "its hash was not made with this server's AUDIT_CHAIN_KEY"
        )
    if (
        walk.seal is not None
        and seq == walk.seal.seq
        and not macs_equal(stored_hash, walk.seal.hash)
    ):
        return _("it differs from the last unkeyed event recorded in the seal")
    if not index_matches(subject_list, action, index, types):
        # The index holds the vocabulary's names; the hashed list may hold the short names of
        # before decision 0021 (migration 0006 rewrote the index).
        return _("subject index does not match the event")
    return None


def _full_page(
    cursor: Any, sqls: tuple[str, str], chain: int, after: int
) -> tuple[dict[int, tuple[Any, ...]], dict[int, list[tuple[str, int]]]]:
    """The decoded rows of a page by id, and their subject rows."""
    page_sql, subjects_sql = sqls
    cursor.execute(page_sql, [chain, after, CHUNK])
    rows = {row[0]: row for row in cursor.fetchall()}
    index: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if rows:
        cursor.execute(subjects_sql, [chain, after, max(r[1] for r in rows.values())])
        for event_id, subject_type, subject_id in cursor.fetchall():
            index[event_id].append((subject_type, subject_id))
    return rows, index


def verify_chain(chain: int, key: bytes | None = None, *, in_parts: bool = False) -> ChainReport:
    """Walk one chain; report how many events passed, the first problem and the last event.

    The chain's head is read first and the walk ends at it: on a live log other requests
    append while the walk runs, and the end of the chain is compared with the head as it was
    when the walk began (every event up to it was committed with it), not with one that moved
    on in the meantime. A chain that had no head when the walk began but has one when it ends
    gained its first events meanwhile: it is walked again up to that head.

    Streams the chain in pages by sequence number (keyset pagination): memory holds one page,
    whatever the length of the chain. Scheme-3 events are checked on the message the database
    concatenates from their stored columns (`audit.stored_pages`); any other event, and any that
    fails there, gets the full check on its decoded columns."""
    key = chain_key() if key is None else key
    head = AuditChainHead.objects.filter(chain=chain).first()
    report = _verify_up_to(chain, key, head, in_parts)
    if head is None and report.problem is not None:
        appeared = AuditChainHead.objects.filter(chain=chain).first()
        if appeared is not None:
            return _verify_up_to(chain, key, appeared, in_parts)
    return report


def _verify_up_to(
    chain: int, key: bytes, head: AuditChainHead | None, in_parts: bool
) -> ChainReport:
    """Walk one chain up to `head` (read before the walk began), or to its end if None."""
    walk = _Walk(
        chain=chain,
        event_key=sub_key(key, "event"),
        seal=AuditLegacySeal.objects.filter(chain=chain).first(),
        bound=head.seq if head is not None else None,
    )

    def report(problem: ChainProblem | None) -> ChainReport:
        last = AuditEvent.objects.get(pk=walk.last_id) if walk.last_id is not None else None
        return ChainReport(chain, walk.checked, problem, last)

    # After the audit log's own retention the chain starts from a signed checkpoint.
    start = AuditRetainedStart.objects.filter(chain=chain).first()
    if start is not None:
        untrusted = retained_start_problem(start)
        if untrusted is not None:
            return report(ChainProblem(chain, start.seq, None, untrusted))
        walk.expected_seq, walk.prev_hash = start.seq + 1, start.hash
        # The retention deleted every event up to the start with it: one there now is no walk's.
        stray = AuditEvent.objects.filter(chain=chain, seq__lte=start.seq).order_by("seq").first()
        if stray is not None:
            return report(
                ChainProblem(
                    chain,
                    stray.seq,
                    stray.id,
                    _(
                        "it lies before the chain's retained start, where the retention removed "
                        "every event: it was not written by the application"
                    ),
                )
            )

    parts = _parts(walk) if in_parts else 1
    problem = _walk(walk) if parts <= 1 else _walk_in_parts(walk, key, parts)
    if problem is not None:
        return report(problem)
    end = walk.expected_seq - 1
    return report(_end_problem(chain, end, walk.prev_hash, key, head) or _beyond_head(chain, end))


def _walk(walk: _Walk) -> ChainProblem | None:
    """Walk from `walk.expected_seq` on, page by page, up to its bound; the first problem."""
    connection = connections[router.db_for_read(AuditEvent)]
    sqls = select(connection)
    page = fast_pages(connection, walk.bound)
    canonical = Canonical()
    types: dict[str, str] = {}
    problem: ChainProblem | None = None
    try:
        with connection.cursor() as cursor:
            while problem is None and not walk.done:
                after = walk.expected_seq - 1
                size = CHUNK if walk.bound is None else min(CHUNK, walk.bound - after)
                rows = page(cursor, walk.chain, after, size) if size > 0 else ()
                if not rows:
                    break

                def full_page(after: int = after) -> Any:
                    return _full_page(cursor, sqls, walk.chain, after)

                problem = _walk_page(walk, rows, full_page, canonical, types)
    finally:
        # PostgreSQL reads the next page in a thread: it must be done before anything else.
        close = getattr(page, "close", None)
        if close is not None:
            close()
    return problem


# --- a long chain in parts, each walked by its own process (decision 0063) -------------------


def _parts(walk: _Walk) -> int:
    """How many processes walk this chain: one, unless it is long and another core is free."""
    if walk.bound is None:
        return 1
    length = walk.bound - walk.expected_seq + 1
    wanted = min(settings.AUDIT_VERIFY_PROCESSES or available_cores(), length // PART_AT_LEAST)
    if wanted <= 1 or not can_fork(router.db_for_read(AuditEvent)):
        return 1
    return wanted


@dataclass(frozen=True)
class _Part:
    """What the walk of one range of sequence numbers found."""

    first: int
    last: int
    # Its first event's id and stored previous hash, for the parent to check the link with the
    # part before (None: the event is not there; the part's walk says so).
    first_id: int | None
    first_prev: str | None
    checked: int
    problem: ChainProblem | None
    end_seq: int  # the last sequence number that passed
    end_hash: str
    last_id: int | None


def _walk_part(chain: int, key: bytes, first: int, last: int, prev_hash: str | None) -> _Part:
    """Walk events `first`..`last` of a chain (in a forked process, but for the first part).
    A part after the first starts from the previous hash its first event carries: whether that
    is the hash the part before ended with is checked by the parent."""
    walk = _Walk(
        chain=chain,
        event_key=sub_key(key, "event"),
        seal=AuditLegacySeal.objects.filter(chain=chain).first(),
        expected_seq=first,
        bound=last,
    )
    found = AuditEvent.objects.filter(chain=chain, seq=first).values_list("id", "prev_hash").first()
    first_id, first_prev = found if found is not None else (None, None)
    walk.prev_hash = prev_hash if prev_hash is not None else (first_prev or "")
    problem = _walk(walk)
    return _Part(
        first=first,
        last=last,
        first_id=first_id,
        first_prev=first_prev,
        checked=walk.checked,
        problem=problem,
        end_seq=walk.expected_seq - 1,
        end_hash=walk.prev_hash,
        last_id=walk.last_id,
    )


def _walk_in_parts(walk: _Walk, key: bytes, count: int) -> ChainProblem | None:
    """The walk of `_walk`, its range split into `count` parts walked at once; the same report
    (events checked, first problem, last event) as one walk would give."""
    assert walk.bound is not None
    first, length = walk.expected_seq, walk.bound - walk.expected_seq + 1
    edges = [first + length * k // count for k in range(count + 1)]
    calls = [
        (walk.chain, key, edges[k], edges[k + 1] - 1, walk.prev_hash if k == 0 else None)
        for k in range(count)
    ]
    for part in run_parts(_walk_part, calls):
        if part.first > first and part.first_id is not None and part.first_prev != walk.prev_hash:
            return ChainProblem(
                walk.chain, part.first, part.first_id, _("does not follow the previous event")
            )
        walk.checked += part.checked
        walk.expected_seq, walk.prev_hash = part.end_seq + 1, part.end_hash
        walk.last_id = part.last_id if part.last_id is not None else walk.last_id
        if part.problem is not None:
            return part.problem
        if part.end_seq < part.last:
            # Events missing at its end: one walk would have read on to the next one there is.
            following = (
                AuditEvent.objects.filter(chain=walk.chain, seq__gt=part.end_seq)
                .order_by("seq")
                .values_list("id", "seq")
                .first()
            )
            if following is None or following[1] > walk.bound:
                return None  # the end of the chain is compared with its head
            reason = _("missing event; the next one found is %(seq)s") % {"seq": following[1]}
            return ChainProblem(walk.chain, part.end_seq + 1, following[0], reason)
    return None


def _hexdigest(mac: Any, message: bytes) -> str:
    mac.update(message)
    return str(mac.hexdigest())


def _walk_page(
    walk: _Walk,
    rows: Iterable[tuple[Any, ...]],
    full_page: Any,
    canonical: Canonical,
    types: dict[str, str],
) -> ChainProblem | None:
    """Check one page of fast rows in order; the first problem, or None."""
    # OpenSSL's HMAC object keeps the key schedule: copying it halves the cost of one HMAC.
    template = hmac_template(walk.event_key)
    seal_seq = walk.seal.seq if walk.seal is not None else -1
    expected_seq, prev_hash = walk.expected_seq, walk.prev_hash
    bound = walk.bound
    full: tuple[dict[int, tuple[Any, ...]], dict[int, list[tuple[str, int]]]] | None = None
    problem: ChainProblem | None = None
    for event_id, seq, stored_prev, stored_hash, scheme, message, index_ok in rows:
        if bound is not None and seq > bound:
            walk.done = True  # appended after the walk began
            break
        if seq != expected_seq:
            reason = _("missing event; the next one found is %(seq)s") % {"seq": seq}
            problem = ChainProblem(walk.chain, expected_seq, event_id, reason)
            break
        if stored_prev != prev_hash:
            reason = _("does not follow the previous event")
            problem = ChainProblem(walk.chain, seq, event_id, reason)
            break
        # Plain == on hex: the verifier is no oracle an attacker can time.
        if not (
            scheme == SCHEME_STORED
            and index_ok
            and message is not None
            and seq != seal_seq
            and _hexdigest(template.copy(), message.encode()) == stored_hash
        ):
            if full is None:
                full = full_page()
            row = full[0].get(event_id)
            failure = (
                _("the event changed while it was being verified")
                if row is None
                else _full_check(walk, row, full[1].get(event_id, []), canonical, types)
            )
            if failure is not None:
                problem = ChainProblem(walk.chain, seq, event_id, failure)
                break
        prev_hash = stored_hash
        expected_seq += 1
        walk.checked += 1
        walk.last_id = event_id
    walk.expected_seq, walk.prev_hash = expected_seq, prev_hash
    if bound is not None and expected_seq > bound:
        walk.done = True
    return problem


def verify_all_chains(*, in_parts: bool = False) -> dict[int, ChainReport]:
    """Every chain of the installation, verified (statistics refreshed first)."""
    refresh_statistics()
    return {chain: verify_chain(chain, in_parts=in_parts) for chain in all_chains()}
