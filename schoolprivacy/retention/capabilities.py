"""What `retention` makes true (schoolprivacy/capabilities.py).

"Other data is deleted automatically when its retention period below has passed" (the public
statement, claim `data_deleted`) holds for a board when the purge really runs for it (a run
finished within the last RECENT days; the worker schedules one every night) and the audit log's
oldest event is not past the log's own rule: the purge removes old segments of the log behind a
signed checkpoint (decision 0041), and if that did not happen the sentence is not shown.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.capabilities import Capability
from schoolprivacy.register.models import RetentionRule
from schoolprivacy.retention.models import PurgeRun
from schoolprivacy.retention.rules import add_period

RECENT = timedelta(days=3)


def purge_is_on(board_id: int, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    ran = PurgeRun.objects.filter(
        board_id=board_id, status=PurgeRun.Status.DONE, finished_at__gte=now - RECENT
    ).exists()
    if not ran:
        return False
    rule = RetentionRule.objects.filter(board_id=board_id, code="audit_log").first()
    if rule is None:
        return True
    oldest = (
        AuditEvent.objects.filter(chain=board_id)
        .order_by("seq")
        .values_list("occurred_at", flat=True)
    ).first()
    return oldest is None or add_period(timezone.localdate(oldest), rule.years, rule.months) >= (
        timezone.localdate(now)
    )


CAPABILITIES = [
    Capability(
        "retention.purge",
        _(
            "data whose retention period passed is erased every night through every app, "
            "counted per rule in the destruction log"
        ),
        is_on=purge_is_on,
    ),
    Capability(
        "retention.erasure",
        _(
            "the privacy officer erases a pupil's data on request after a dry run, keeping what "
            "the law requires"
        ),
    ),
]
