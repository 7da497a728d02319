"""Edits to one chain's events by position, for the tests that compare a walk in parts with one
walk: each makes the kind of damage an attacker with database access could (`tampering.execute`
lifts the append-only guards)."""

import hashlib
from dataclasses import dataclass
from typing import Any

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.verification import ChainReport


@dataclass(frozen=True)
class ChainEdits:
    chain: int

    def id(self, seq: int) -> int:
        return AuditEvent.objects.get(chain=self.chain, seq=seq).id

    def change(self, seq: int) -> None:
        execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y.z", self.id(seq)])

    def delete(self, *seqs: int) -> None:
        for event_id in [self.id(seq) for seq in seqs]:
            execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [event_id])
            execute("DELETE FROM audit_auditevent WHERE id = %s", [event_id])

    def unlink(self, seq: int) -> None:
        execute(
            "UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", ["0" * 64, self.id(seq)]
        )

    def drop_subject(self, seq: int) -> None:
        execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [self.id(seq)])

    def swap(self, seq: int) -> None:
        """Events seq and seq+1 trade places (nothing happens to the last event)."""
        if not AuditEvent.objects.filter(chain=self.chain, seq=seq + 1).exists():
            return
        first, second = self.id(seq), self.id(seq + 1)
        execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [10**9, first])
        execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [seq, second])
        execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [seq + 1, first])

    def unkeyed(self, seq: int) -> None:
        """Rehashed with the old unkeyed scheme, which needs no key (no seal covers it)."""
        execute(
            "UPDATE audit_auditevent SET scheme = 1, hash = %s WHERE id = %s",
            [hashlib.sha256(str(seq).encode()).hexdigest(), self.id(seq)],
        )


def summary(report: ChainReport) -> tuple[Any, ...]:
    """What a report says, as one comparable value: events checked, the last one, the problem."""
    problem = report.problem
    return (
        report.checked,
        report.last.seq if report.last is not None else None,
        None if problem is None else (problem.seq, problem.event_id, problem.reason),
    )
