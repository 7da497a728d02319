"""Counts per board written to the audit log, each in the chain of its board.

Housekeeping that works across boards (the storage orphan sweeps of photos, videos and download
packages) audits how many files it removed per board, never which. A board that is gone (its
folder outlived it) has no chain of its own any more: its count goes to the chain of no board.
"""

from collections.abc import Mapping

from schoolprivacy.audit.services import audit_record
from schoolprivacy.schools.models import Board


def counts_audit(action: str, counts: Mapping[int, int], *, channel: str) -> None:
    """One `action` event per board in `counts` (board id -> count), the count as context."""
    existing = set(Board.objects.filter(pk__in=counts).values_list("pk", flat=True))
    for board_id, count in sorted(counts.items()):
        audit_record(
            action=action,
            board_id=board_id if board_id in existing else None,
            actor_id=None,
            context={"files": count},
            channel=channel,
        )
