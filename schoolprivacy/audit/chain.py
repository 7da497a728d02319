"""The canonical form of an audit event and its hash. Framework-free so that it is easy to audit."""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_content(
    *,
    chain: int,
    seq: int,
    occurred_at: datetime,
    action: str,
    actor_id: int | None,
    channel: str,
    subjects: list[dict[str, Any]],
    fields: list[str],
    context: dict[str, Any],
    prev_hash: str,
) -> bytes:
    document = {
        "chain": chain,
        "seq": seq,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "action": action,
        "actor_id": actor_id,
        "channel": channel,
        "subjects": subjects,
        "fields": fields,
        "context": context,
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(**content: Any) -> str:
    return hashlib.sha256(canonical_content(**content)).hexdigest()
