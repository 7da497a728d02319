"""Reads of the read log: "who accessed pupil X", "what did user Y access", and the parents' view.

Built on the audit log's subject index (AuditSubject), one board's chain at a time. Callers decide
who may look: the privacy officer for the first two, a parent with access to the child (through
`access.parents.get_child_for_parent`) for the third.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.functional import Promise

from schoolprivacy.access.models import Role
from schoolprivacy.access.reads import BREAK_GLASS_OPENED, READ_ACTIONS, SPECIAL_READ
from schoolprivacy.access.rule_words import rule_words
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.taxonomy import BY_KEY

# What parents see: reads of special data and emergency openings, not every routine page view.
PARENT_VISIBLE_ACTIONS = (SPECIAL_READ, BREAK_GLASS_OPENED)
PARENT_LIST_LIMIT = 100


@dataclass(frozen=True)
class ReadEntry:
    occurred_at: datetime
    action: str
    channel: str
    reader_id: int | None
    reader_name: str
    roles: list[Promise]
    categories: list[Promise]
    rules: list[str]
    grant_ids: list[int]
    break_glass_ids: list[int]
    pupil: Pupil | None

    @property
    def is_emergency(self) -> bool:
        return self.action == BREAK_GLASS_OPENED or bool(self.break_glass_ids)

    @property
    def is_special(self) -> bool:
        return self.action == SPECIAL_READ

    @property
    def rules_in_words(self) -> list[str]:
        """Each rule once, in words ("care coordinator of the pupil's school"), not its code."""
        return rule_words(self.rules)


def reads_of_pupil(
    board_id: int, pupil_id: int, actions: Sequence[str] = READ_ACTIONS
) -> QuerySet[AuditEvent]:
    about = AuditSubject.objects.filter(subject_type=subject_types.PUPIL, subject_id=pupil_id)
    return AuditEvent.objects.filter(
        chain=board_id, action__in=actions, id__in=about.values("event_id")
    ).order_by("-seq")


def reads_by_user(board_id: int, user_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        chain=board_id, actor_id=user_id, action__in=READ_ACTIONS
    ).order_by("-seq")


def _role_labels(codes: Iterable[str]) -> list[Promise]:
    return [Role(code).label for code in codes if code in Role.values]


def _category_labels(keys: Iterable[str]) -> list[Promise]:
    return [BY_KEY[key].label for key in keys if key in BY_KEY]


def entries(board_id: int, events: Iterable[AuditEvent]) -> list[ReadEntry]:
    """Turn events into rows for people, resolving names in two queries."""
    events = list(events)
    readers = {
        staff.user_id: staff
        for staff in Staff.objects.filter(
            board_id=board_id, user_id__in={e.actor_id for e in events}
        )
    }
    # Events from before decision 0021 name a pupil "pupil" in their (hashed) subject list.
    pupil_ids = {
        i for e in events for i in subject_types.ids_of(e.subjects, e.action, subject_types.PUPIL)
    }
    pupils = Pupil.objects.filter(board_id=board_id, id__in=pupil_ids).select_related("school")
    by_id = {p.pk: p for p in pupils}
    rows = []
    for event in events:
        context = event.context
        reader = readers.get(event.actor_id or 0)
        pupil_id = next(
            iter(subject_types.ids_of(event.subjects, event.action, subject_types.PUPIL)), None
        )
        rows.append(
            ReadEntry(
                occurred_at=event.occurred_at,
                action=event.action,
                channel=event.channel,
                reader_id=event.actor_id,
                reader_name=reader.name if reader else "",
                roles=_role_labels(context.get("roles", [])),
                categories=_category_labels(context.get("categories", [])),
                rules=list(context.get("rules", [])),
                grant_ids=list(context.get("grant_ids", [])),
                break_glass_ids=list(context.get("break_glass_ids", [])),
                pupil=by_id.get(pupil_id) if pupil_id is not None else None,
            )
        )
    return rows


def special_reads_for_parent(pupil: Pupil) -> list[ReadEntry]:
    """Who read special data about this child, and every emergency opening, newest first.

    Only for a parent who got `pupil` through `get_child_for_parent`.
    """
    events = reads_of_pupil(pupil.board_id, pupil.pk, PARENT_VISIBLE_ACTIONS)
    return entries(pupil.board_id, events[:PARENT_LIST_LIMIT])
