"""Reads of the audit log. Callers decide who may read; these only filter one board's chain."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent


@dataclass(frozen=True)
class EventFilter:
    action: str = ""
    actor_id: int | None = None
    subject_type: str = ""
    subject_id: int | None = None
    since: date | None = None
    until: date | None = None


def events_for_board(board_id: int, filters: EventFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(chain=board_id)
    if filters.action:
        # A prefix finds a whole family: "accounts.signin" matches every sign-in event.
        events = events.filter(action__startswith=filters.action)
    if filters.actor_id is not None:
        events = events.filter(actor_id=filters.actor_id)
    if filters.subject_id is not None:
        subject_rows = {"subject_rows__subject_id": filters.subject_id}
        if filters.subject_type:
            subject_rows["subject_rows__subject_type"] = filters.subject_type  # type: ignore[assignment]
        events = events.filter(**subject_rows).distinct()
    tz = timezone.get_current_timezone()
    if filters.since:
        events = events.filter(occurred_at__gte=datetime.combine(filters.since, time.min, tz))
    if filters.until:
        events = events.filter(occurred_at__lte=datetime.combine(filters.until, time.max, tz))
    return events.order_by("-seq")
