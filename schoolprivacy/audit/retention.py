"""The audit log's own retention (issue 16 item 3, decision 0041): remove the oldest events of a
chain and keep the rest verifiable.

Before anything is removed the chain must verify, and a checkpoint of the last removed event
(how many events were removed so far, its sequence number and hash) is signed with the key derived
from AUDIT_CHAIN_KEY (`audit.checkpoint`), stored as the chain's `AuditRetainedStart` and written
to a file for the privacy officer to keep. `verify-audit` then starts the chain from it. The
database lets events be deleted only up to a retained start, and on PostgreSQL only in a
transaction that says it is this one.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from schoolprivacy.audit.checkpoint import make_checkpoint
from schoolprivacy.audit.context import AuditError
from schoolprivacy.audit.models import AuditEvent, AuditRetainedStart, AuditSubject
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import ChainReport, verify_chain


@dataclass(frozen=True)
class Expired:
    chain: int
    removed: int
    # The file with the signed checkpoint of the last removed event; None on a dry run.
    file: Path | None


def _segment_end(chain: int, after: int, before: datetime) -> int:
    """The last sequence number of the oldest segment: every event up to it occurred before
    `before` (counted along the chain, so an event with an odd clock never splits it)."""
    young = (
        AuditEvent.objects.filter(chain=chain, seq__gt=after, occurred_at__gte=before)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    if young is not None:
        return young - 1
    last = (
        AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", flat=True)
    ).first()
    return last if last is not None else after


def expire_oldest(
    *, chain: int, before: datetime, out_dir: Path, now: datetime, dry_run: bool = False
) -> Expired:
    """Remove the events of `chain` that occurred before `before`; how many went."""
    start = AuditRetainedStart.objects.filter(chain=chain).first()
    after = start.seq if start is not None else 0
    end = _segment_end(chain, after, before)
    removed = end - after
    if removed <= 0 or dry_run:
        return Expired(chain, max(removed, 0), None)
    # Never destroy the evidence of tampering: only an intact chain loses its oldest events.
    report = verify_chain(chain)
    if report.problem is not None:
        raise AuditError(
            _("Audit chain %(chain)s does not verify, so nothing was removed: %(problem)s")
            % {"chain": chain, "problem": report.problem}
        )
    last = AuditEvent.objects.get(chain=chain, seq=end)
    total = (start.count if start is not None else 0) + removed
    document = make_checkpoint([ChainReport(chain, total, None, last)], now=now)
    path = out_dir / f"audit-retained-chain-{chain}-to-{end}.json"
    with transaction.atomic():
        AuditRetainedStart.objects.update_or_create(
            chain=chain,
            defaults={
                "count": total,
                "seq": end,
                "hash": last.hash,
                "document": document,
                "removed_at": now,
            },
        )
        _delete_up_to(chain, end)
        audit_record(
            action="audit.log.expired",
            board_id=chain or None,
            actor_id=None,
            context={"removed": removed, "up_to": end},
            channel="task",
        )
        # Written inside the transaction: without the officer's copy nothing is removed.
        out_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
    return Expired(chain, removed, path)


def _delete_up_to(chain: int, end: int) -> None:
    quote = connection.ops.quote_name
    events, subjects = AuditEvent._meta.db_table, AuditSubject._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL schoolprivacy.audit_retention = 'on'")
        cursor.execute(
            f"DELETE FROM {quote(subjects)} WHERE event_id IN "  # noqa: S608  # nosec B608
            f"(SELECT id FROM {quote(events)} WHERE chain = %s AND seq <= %s)",
            [chain, end],
        )
        cursor.execute(
            f"DELETE FROM {quote(events)} WHERE chain = %s AND seq <= %s",  # noqa: S608  # nosec B608
            [chain, end],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL schoolprivacy.audit_retention = 'off'")
