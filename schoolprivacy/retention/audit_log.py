"""The audit log's retention rule, a board-wide phase of the purge (issue 16 item 3, decision 0041).

Events of the board's chain older than the register's `audit_log` rule of the board (the board's
choice; 5 years by default) go, or older than AUDIT_RETENTION_YEARS where the register has no such
rule. They go oldest first, through
`audit.retention.expire_oldest`: it signs a checkpoint of the last removed event, stores it and
writes it to AUDIT_RETAINED_DIR, so the chain stays verifiable. A dry run (the preview) counts.

The installation's own chain (chain 0: events of no board, such as a restore) has no register,
so AUDIT_RETENTION_YEARS holds for it. It is expired in every board's run, like the sign-in data
of the whole installation: the first board's run of the night removes what is due, the others
find nothing, and the removal is counted in that board's destruction log.
"""

from collections import Counter
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from schoolprivacy.audit.retention import expire_oldest
from schoolprivacy.register.models import RetentionRule
from schoolprivacy.retention.rules import add_period

PHASE = "audit_log"
RULE = "audit_log"
CATEGORY = "staff.activity"
SYSTEM_CHAIN = 0  # audit_record's chain for events of no board


def retained_dir() -> Path:
    configured: str = settings.AUDIT_RETAINED_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit-retained"


def expire_audit_log(
    board_id: int, day: date, *, dry_run: bool
) -> Counter[tuple[int | None, str, str]]:
    """(school, rule, category) -> how many audit events went (or would go)."""
    rule = RetentionRule.objects.filter(board_id=board_id, code=RULE).first()
    years, months = (rule.years, rule.months) if rule else (settings.AUDIT_RETENTION_YEARS, 0)
    # The same period `retention.capabilities.purge_is_on` checks the oldest event against.
    cutoff = add_period(day, -years, -months)
    expired = expire_oldest(
        chain=board_id,
        before=timezone.make_aware(datetime.combine(cutoff, clock.min)),
        out_dir=retained_dir(),
        now=timezone.now(),
        dry_run=dry_run,
    )
    system_cutoff = add_period(day, -settings.AUDIT_RETENTION_YEARS, 0)
    system = expire_oldest(
        chain=SYSTEM_CHAIN,
        before=timezone.make_aware(datetime.combine(system_cutoff, clock.min)),
        out_dir=retained_dir(),
        now=timezone.now(),
        dry_run=dry_run,
    )
    tally: Counter[tuple[int | None, str, str]] = Counter()
    if expired.removed or system.removed:
        tally[(None, RULE, CATEGORY)] += expired.removed + system.removed
    return tally
