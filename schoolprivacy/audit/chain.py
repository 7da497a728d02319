"""The canonical form of an audit event and its hash. Framework-free so that it is easy to audit.

Two schemes (docs/decisions/0016-audit-tamper-evidence.md):

- `SCHEME_SHA256` (1): `hash = SHA-256(canonical JSON)`. Events written before the keyed chain;
  anyone with the database can recompute them, so they are trusted only up to the legacy seal.
- `SCHEME_HMAC` (2): `hash = HMAC-SHA256(event key, canonical JSON including "scheme": 2)`. Only
  a holder of AUDIT_CHAIN_KEY can compute them, so the database alone cannot rewrite them.

Each use of AUDIT_CHAIN_KEY gets its own sub-key, `HMAC-SHA256(AUDIT_CHAIN_KEY, "schoolprivacy
audit " + purpose)`, so a value made for one purpose (a chain head) is never valid for another (an
event).
"""

import functools
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
SCHEME_SHA256 = 1
SCHEME_HMAC = 2
CURRENT_SCHEME = SCHEME_HMAC


@functools.lru_cache(maxsize=64)
def sub_key(master: bytes, purpose: str) -> bytes:
    return hmac.digest(master, f"schoolprivacy audit {purpose}".encode(), "sha256")


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
    scheme: int = SCHEME_SHA256,
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
    if scheme != SCHEME_SHA256:
        # Part of the keyed content, so relabelling an event as the old scheme changes its bytes.
        document["scheme"] = scheme
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(*, key: bytes, scheme: int = CURRENT_SCHEME, **content: Any) -> str:
    """The stored `hash` of an event. `key` is AUDIT_CHAIN_KEY; the old scheme ignores it."""
    message = canonical_content(scheme=scheme, **content)
    if scheme == SCHEME_SHA256:
        return hashlib.sha256(message).hexdigest()
    if scheme == SCHEME_HMAC:
        return hmac.digest(sub_key(key, "event"), message, "sha256").hex()
    raise ValueError(f"Unknown audit hash scheme {scheme}.")


def head_mac(*, key: bytes, chain: int, seq: int, hash: str) -> str:
    """Vouches that event `seq` with `hash` is the last event of `chain`."""
    message = f"{chain}:{seq}:{hash}".encode()
    return hmac.digest(sub_key(key, "head"), message, "sha256").hex()


def seal_mac(*, key: bytes, chain: int, seq: int, hash: str) -> str:
    """Vouches that events 1..`seq` of `chain`, ending in `hash`, were written before the keyed
    chain existed, so their unkeyed hashes are the real ones."""
    message = f"{chain}:{seq}:{hash}".encode()
    return hmac.new(sub_key(key, "legacy seal"), message, hashlib.sha256).hexdigest()


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
