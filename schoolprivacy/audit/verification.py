"""Checks that no audit event was modified, deleted, inserted or reordered.

Keyed events (scheme 2) must carry the HMAC that only AUDIT_CHAIN_KEY can make; unkeyed events
(scheme 1, written before the key existed) are accepted only up to their chain's legacy seal.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.utils.translation import gettext as _

from schoolprivacy.audit.chain import (
    GENESIS_HASH,
    SCHEME_HMAC,
    SCHEME_SHA256,
    event_hash,
    head_mac,
    macs_equal,
    seal_mac,
)
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal, AuditSubject

CHUNK = 2000


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


def _events(chain: int) -> Iterator[list[AuditEvent]]:
    last_seq = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(chain=chain, seq__gt=last_seq).order_by("seq")[:CHUNK]
        )
        if not batch:
            return
        yield batch
        last_seq = batch[-1].seq


def _subject_rows(event_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    rows: dict[int, list[dict[str, object]]] = defaultdict(list)
    for event_id, subject_type, subject_id in (
        AuditSubject.objects.filter(event_id__in=event_ids)
        .order_by("id")
        .values_list("event_id", "subject_type", "subject_id")
    ):
        rows[event_id].append({"type": subject_type, "id": subject_id})
    return rows


def _recomputed(event: AuditEvent, key: bytes) -> str:
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


def _scheme_problem(event: AuditEvent, seal: AuditLegacySeal | None) -> str | None:
    if event.scheme == SCHEME_HMAC:
        return None
    if event.scheme != SCHEME_SHA256:
        return _("unknown hash scheme %(scheme)s") % {"scheme": event.scheme}
    if seal is None:
        return _("uses the old unkeyed hash, but this chain has no seal for unkeyed events")
    if event.seq > seal.seq:
        return _("uses the old unkeyed hash after the point where the keyed chain began")
    return None


def _event_problem(
    event: AuditEvent, key: bytes, seal: AuditLegacySeal | None, subjects: list[dict[str, object]]
) -> str | None:
    scheme_problem = _scheme_problem(event, seal)
    if scheme_problem:
        return scheme_problem
    if not macs_equal(_recomputed(event, key), event.hash):
        return _(
            "its hash does not match its content: the event was modified, or its hash was not "
            "made with this server's AUDIT_CHAIN_KEY"
        )
    if seal is not None and event.seq == seal.seq and not macs_equal(event.hash, seal.hash):
        return _("it differs from the last unkeyed event recorded in the seal")
    # The index holds the vocabulary's names; the hashed list may hold the short names of before
    # decision 0021, which migration 0006 rewrote in the index only.
    if subjects != event.subject_list:
        return _("subject index does not match the event")
    return None


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


def verify_chain(chain: int, key: bytes | None = None) -> ChainReport:
    """Walk one chain; report how many events passed, the first problem and the last event."""
    key = chain_key() if key is None else key
    seal = AuditLegacySeal.objects.filter(chain=chain).first()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    last: AuditEvent | None = None
    for batch in _events(chain):
        subjects = _subject_rows([e.id for e in batch])
        for event in batch:
            if event.seq != expected_seq:
                reason = _("missing event; the next one found is %(seq)s") % {"seq": event.seq}
                return ChainReport(
                    chain, checked, ChainProblem(chain, expected_seq, event.id, reason), last
                )
            if event.prev_hash != prev_hash:
                reason = _("does not follow the previous event")
                return ChainReport(
                    chain, checked, ChainProblem(chain, event.seq, event.id, reason), last
                )
            problem = _event_problem(event, key, seal, subjects.get(event.id, []))
            if problem:
                return ChainReport(
                    chain, checked, ChainProblem(chain, event.seq, event.id, problem), last
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            last = event
    return ChainReport(chain, checked, _end_problem(chain, expected_seq - 1, prev_hash, key), last)


def all_chains() -> list[int]:
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains.update(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains.update(AuditLegacySeal.objects.values_list("chain", flat=True))
    return sorted(chains)
