"""Writing to the audit log. Call `audit_record` inside the transaction of the change it records."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit.chain import CURRENT_SCHEME, GENESIS_HASH, event_hash, head_mac
from schoolprivacy.audit.context import CONTEXT_CODE, AuditError, check_context
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject
from schoolprivacy.audit.subjects import SUBJECT_TYPE

__all__ = ["CONTEXT_CODE", "AuditError", "Subject", "audit_record"]

ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
CHANNELS = ("web", "api", "command", "task", "system")


@dataclass(frozen=True)
class Subject:
    """One subject of an event. `type` is a constant from `audit.subjects` ("people.pupil")."""

    type: str
    id: int

    def __post_init__(self) -> None:
        # The short names of before decision 0021 ("pupil") are refused: readers would miss them.
        if not SUBJECT_TYPE.match(self.type):
            raise AuditError(
                f"Audit subject type {self.type!r} is not app.model; use audit.subjects."
            )

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id}


def audit_record(
    *,
    action: str,
    board_id: int | None,
    actor_id: int | None,
    subjects: Iterable[Subject] = (),
    fields: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    channel: str = "web",
) -> AuditEvent:
    """Append one event to the board's chain.

    `action` is dotted: app.noun.verb (`accounts.signin.failed`). `fields` are the names of
    changed fields, never their values.
    """
    if not ACTION_PATTERN.match(action):
        raise AuditError(f"Audit action {action!r} must look like app.noun.verb.")
    if channel not in CHANNELS:
        raise AuditError(f"Unknown audit channel {channel!r}.")
    context = dict(context or {})
    check_context(context)
    subject_list = [s.as_dict() for s in subjects]
    field_list = sorted(set(fields))
    chain = board_id or 0
    key = chain_key()

    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:
            head = AuditChainHead(chain=chain, seq=0, hash=GENESIS_HASH, mac="")
        content: dict[str, Any] = {
            "chain": chain,
            "seq": head.seq + 1,
            # Stored and hashed in UTC with microseconds so the database round trip is exact.
            "occurred_at": timezone.now().astimezone(UTC),
            "action": action,
            "actor_id": actor_id,
            "channel": channel,
            "subjects": subject_list,
            "fields": field_list,
            "context": context,
            "prev_hash": head.hash,
        }
        event = AuditEvent.objects.create(
            **content,
            scheme=CURRENT_SCHEME,
            hash=event_hash(key=key, scheme=CURRENT_SCHEME, **content),
        )
        AuditSubject.objects.bulk_create(
            AuditSubject(event=event, subject_type=s["type"], subject_id=s["id"])
            for s in subject_list
        )
        head.seq = event.seq
        head.hash = event.hash
        head.mac = head_mac(key=key, chain=chain, seq=event.seq, hash=event.hash)
        head.save()
    return event
