"""Checks that no audit event was modified, deleted, inserted or reordered."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from schoolprivacy.audit.chain import GENESIS_HASH, event_hash
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject

CHUNK = 2000


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event id {self.event_id}" if self.event_id is not None else "end of chain"
        return f"chain {self.chain}, sequence {self.seq} ({where}): {self.reason}"


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


def verify_chain(chain: int) -> tuple[int, ChainProblem | None]:
    """Walk one chain; return how many events were checked and the first problem, if any."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for batch in _events(chain):
        subjects = _subject_rows([e.id for e in batch])
        for event in batch:
            if event.seq != expected_seq:
                return checked, ChainProblem(
                    chain, expected_seq, event.id, f"missing event; next found is {event.seq}"
                )
            if event.prev_hash != prev_hash:
                return checked, ChainProblem(
                    chain, event.seq, event.id, "does not follow the previous event"
                )
            recomputed = event_hash(
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
            if recomputed != event.hash:
                return checked, ChainProblem(chain, event.seq, event.id, "content was modified")
            if subjects.get(event.id, []) != event.subjects:
                return checked, ChainProblem(
                    chain, event.seq, event.id, "subject index does not match the event"
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
    head = AuditChainHead.objects.filter(chain=chain).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        return checked, ChainProblem(
            chain,
            head_seq,
            None,
            f"the chain ends at {expected_seq - 1} but its head records {head_seq}: "
            "events at the end were deleted or the head was altered",
        )
    return checked, None


def all_chains() -> list[int]:
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains.update(AuditEvent.objects.values_list("chain", flat=True).distinct())
    return sorted(chains)
