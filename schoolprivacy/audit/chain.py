"""The canonical form of an audit event and its hash. Framework-free so that it is easy to audit.

Two schemes (docs/decisions/0016-audit-tamper-evidence.md):

- `SCHEME_SHA256` (1): `hash = SHA-256(canonical JSON)`. Events written before the keyed chain;
  anyone with the database can recompute them, so they are trusted only up to the legacy seal.
- `SCHEME_HMAC` (2): `hash = HMAC-SHA256(event key, canonical JSON including "scheme": 2)`. Only
  a holder of AUDIT_CHAIN_KEY can compute them, so the database alone cannot rewrite them.
- `SCHEME_STORED` (3, decision 0041): `hash = HMAC-SHA256(event key, stored_message(...))`: the
  same key, over the event's columns in the exact text form the database stores and returns them
  (JSON in PostgreSQL's jsonb text form, the time as UTC text), one per line. The verifier can then
  hash what the database hands it without rebuilding JSON in Python.

Each use of AUDIT_CHAIN_KEY gets its own sub-key, `HMAC-SHA256(AUDIT_CHAIN_KEY, "schoolprivacy
audit " + purpose)`, so a value made for one purpose (a chain head) is never valid for another (an
event).
"""

import functools
import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

GENESIS_HASH = "0" * 64
SCHEME_SHA256 = 1
SCHEME_HMAC = 2
SCHEME_STORED = 3
CURRENT_SCHEME = SCHEME_STORED
STORED_HEADER = "schoolprivacy audit event 3"


def hmac_template(key: bytes) -> Any:
    """An HMAC-SHA256 object under `key` with nothing hashed yet: `.copy()` it per message."""
    try:
        from _hashlib import hmac_new  # OpenSSL's HMAC; the wrapper in `hmac` copies slower
    except ImportError:  # pragma: no cover (CPython without OpenSSL)
        return hmac.new(key, digestmod="sha256")
    return hmac_new(key, digestmod="sha256")


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


_encode_string = json.encoder.encode_basestring


def stored_json(value: Any) -> str:
    """JSON as PostgreSQL prints a jsonb value (`jsonb::text`), and as it is stored on SQLite.

    Object keys sorted by their length in bytes, then bytewise; ", " and ": " between items;
    strings escaped as both json modules escape them; numbers written out without an exponent.
    A value this does not print as PostgreSQL does is still verified, only more slowly (the
    verifier rebuilds the message from the decoded values when the stored text does not match).
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(_encode_string(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return "{" + ", ".join(f"{_encode_string(k)}: {stored_json(value[k])}" for k in keys) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(stored_json(item) for item in value) + "]"
    raise TypeError(f"Audit values cannot hold {type(value).__name__}.")


def stored_time(moment: datetime) -> str:
    """occurred_at as UTC text with microseconds: how SQLite stores it for scheme 3."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def stored_message(
    *,
    chain: int,
    seq: int,
    occurred_at: str,
    action: str,
    actor_id: int | None,
    channel: str,
    subjects: str,
    fields: str,
    context: str,
    prev_hash: str,
) -> bytes:
    """What scheme 3 hashes: the stored texts, one per line. No legitimate part holds a line
    break (JSON in stored form escapes them; the others are codes, numbers and hex), so the
    lines cannot be shifted from one column into another."""
    actor = "null" if actor_id is None else str(actor_id)
    return (
        f"{STORED_HEADER}\n{chain}\n{seq}\n{occurred_at}\n{action}\n{actor}\n{channel}\n"
        f"{subjects}\n{fields}\n{context}\n{prev_hash}"
    ).encode()


def stored_forms(content: dict[str, Any]) -> dict[str, str]:
    """The scheme-3 text of the columns that are not plain codes or numbers."""
    return {
        "occurred_at": stored_time(content["occurred_at"]),
        "subjects": stored_json(content["subjects"]),
        "fields": stored_json(content["fields"]),
        "context": stored_json(content["context"]),
    }


def event_hash(*, key: bytes, scheme: int = CURRENT_SCHEME, **content: Any) -> str:
    """The stored `hash` of an event. `key` is AUDIT_CHAIN_KEY; the old scheme ignores it."""
    if scheme == SCHEME_STORED:
        return hmac.digest(
            sub_key(key, "event"), stored_message(**{**content, **stored_forms(content)}), "sha256"
        ).hex()
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
