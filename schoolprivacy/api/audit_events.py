"""The audit log over the API, for the privacy officer of the board; everyone else gets 404.

Same filters as the audit viewer (`audit.selectors.events_for_board`): `action` is a prefix
("dossier.special" finds every read of special data), `pupil` and `actor` are IDs.
"""

from datetime import date, datetime
from typing import Any

from django.http import Http404
from ninja import Field, Query, Router, Schema

from schoolprivacy.access.selectors import privacy_officer_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.selectors import EventFilter, events_for_board
from schoolprivacy.lib.api_ints import Id, Offset

router = Router(tags=["audit"])
MAX_LIMIT = 500


class SubjectOut(Schema):
    type: str
    id: int


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    action: str
    actor_id: int | None
    actor: str | None
    channel: str
    subjects: list[SubjectOut]
    fields: list[str]
    # Codes only (rule names, category keys, counts): the log never holds personal values.
    context: dict[str, Any]
    hash: str


class EventPage(Schema):
    count: int
    items: list[AuditEventOut]


class EventFilters(Schema):
    action: str = Field("", max_length=100, description="Start of an action name.")
    actor: Id | None = Field(None, description="User ID of whoever acted.")
    pupil: Id | None = Field(None, description="Events about this pupil ID.")
    since: date | None = None
    until: date | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: Offset = 0


@router.get("/events", response=EventPage, summary="Audit events of the board, newest first")
def list_events(request: Any, filters: Query[EventFilters]) -> EventPage:
    user = request.user
    board_id = privacy_officer_board_id(user) if isinstance(user, User) else None
    if board_id is None:
        # Not even confirmed to exist for anyone but the privacy officer.
        raise Http404
    events = events_for_board(
        board_id,
        EventFilter(
            action=filters.action,
            actor_id=filters.actor,
            subject_type=subject_types.PUPIL if filters.pupil is not None else "",
            subject_id=filters.pupil,
            since=filters.since,
            until=filters.until,
        ),
    )
    window = list(events[filters.offset : filters.offset + filters.limit])
    actor_ids = {e.actor_id for e in window if e.actor_id is not None}
    names = dict(User.objects.filter(id__in=actor_ids).values_list("id", "username"))
    items = [
        AuditEventOut(
            seq=e.seq,
            occurred_at=e.occurred_at,
            action=e.action,
            actor_id=e.actor_id,
            actor=names.get(e.actor_id) if e.actor_id is not None else None,
            channel=e.channel,
            subjects=[SubjectOut(type=s["type"], id=s["id"]) for s in e.subject_list],
            fields=e.fields,
            context=e.context,
            hash=e.hash,
        )
        for e in window
    ]
    return EventPage(count=events.count(), items=items)
