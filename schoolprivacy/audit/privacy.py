"""Personal data of the audit log: what staff (and parents) did, as events with IDs and codes.

The log is append-only and hash-chained, so erasure never deletes events; they hold no personal
values (contract 3), only who acted when. Their retention is the staff rule of the register.
"""

from collections.abc import Collection

from schoolprivacy.audit.models import (
    AuditChainHead,
    AuditEvent,
    AuditLegacySeal,
    AuditRetainedStart,
    AuditSubject,
)
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    plan_only,
)

_ACTIVITY = "staff.activity"
EVENTS = PersonalData(
    AuditEvent,
    {
        "actor_id": _ACTIVITY,
        "occurred_at": _ACTIVITY,
        "action": _ACTIVITY,
        "channel": _ACTIVITY,
        "subjects": _ACTIVITY,
        "fields": _ACTIVITY,
        "context": _ACTIVITY,
    },
)
PERSONAL_DATA = (EVENTS,)
NOT_PERSONAL = (
    NotPersonal(
        AuditEvent,
        {
            "prev_hash": "HMAC of the previous event: a checksum",
            "hash": "HMAC of this event: a checksum",
            "scheme": "how the hash is made: a code",
        },
    ),
    NotPersonal(
        AuditSubject, {"subject_type": "the kind of subject (people.pupil, dossier.record): a code"}
    ),
    NotPersonal(
        AuditChainHead,
        {"hash": "HMAC of a chain's last event: a checksum", "mac": "a keyed checksum"},
    ),
    NotPersonal(
        AuditRetainedStart,
        {
            "hash": "HMAC of the last event the log's retention removed: a checksum",
            "document": "the signed checkpoint of that event: counts, sequence numbers, hashes "
            "and times, no names or values",
            "chain": "the board whose log it is: a number",
            "count": "how many events were removed: a number",
            "seq": "the sequence number of the last removed event",
            "removed_at": "when the segment was removed",
        },
    ),
    NotPersonal(
        AuditLegacySeal,
        {
            "hash": "hash of a chain's last unkeyed event: a checksum",
            "mac": "a keyed checksum",
            "sealed_at": "when the unkeyed events were sealed",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.user_id is None or subject.kind != "staff":
        return {}
    events = AuditEvent.objects.filter(chain=subject.board_id, actor_id=subject.user_id)
    return {
        _ACTIVITY: [
            {
                "source": "audit.AuditEvent",
                "id": pk,
                "fields": {"occurred_at": at.isoformat(), "action": action, "channel": channel},
            }
            for pk, at, action, channel in events.order_by("seq")
            .values_list("pk", "occurred_at", "action", "channel")
            .iterator()
        ]
    }


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.user_id is not None and (categories is None or _ACTIVITY in categories):
        events = AuditEvent.objects.filter(chain=subject.board_id, actor_id=subject.user_id)
        counts = {_ACTIVITY: events.count()}
    return plan_only("audit", counts, reason="append_only_audit_log", dry_run=dry_run)
