"""What verifying one audit chain reports: how many events passed, the first problem, the last
event (`audit.verification`)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from schoolprivacy.audit.models import AuditEvent


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
