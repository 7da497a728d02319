"""Writing to the audit log. Call `audit_record` inside the transaction of the change it records."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit.chain import CURRENT_SCHEME, GENESIS_HASH, event_hash, head_mac
from schoolprivacy.audit.keys import chain_key
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject

ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
CHANNELS = ("web", "api", "command", "task", "system")
# Context strings must be codes (rule names, reason codes, counts as text): no spaces, short.
# Free text is where personal values sneak in, so it is refused outright.
CONTEXT_CODE = re.compile(r"^[A-Za-z0-9_.:/-]{0,64}$")


@dataclass(frozen=True)
class Subject:
    type: str
    id: int

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id}


class AuditError(ValueError):
    pass


def _check_context(context: Mapping[str, Any]) -> None:
    for key, value in context.items():
        if isinstance(value, str) and not CONTEXT_CODE.match(value):
            raise AuditError(f"Audit context value {key!r} is free text; store a code instead.")
        if not isinstance(value, str | int | float | bool | type(None) | list):
            raise AuditError(f"Audit context value {key!r} must be plain data.")


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
    _check_context(context)
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
