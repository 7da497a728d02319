"""The ECK iD's first step, as the school computes it (domain.md, "Processors and suppliers").

The sector's chain pseudonym: the school hashes the lower-cased education number (PGN) with
scrypt (N=131072, r=8, p=4, 32 bytes) and a fixed per-environment salt, which the national
Nummervoorziening issues as base64; the hash is written as lower-case hex. The national service
turns that hash into the chain ID. That call is not connected here: what an export carries as
`eck_id` is the hashed PGN, the value the chain is built on; the education number itself never
leaves the school.

scrypt with these parameters takes 128 MB and a noticeable fraction of a second per pupil, so
the result is kept per pupil (`EckId`) and recomputed only when the salt or the number changes.
"""

import base64
import binascii
import hashlib

from django.conf import settings

# The sector's parameters (Nummervoorziening, hashing of the PGN).
N = 131072
R = 8
P = 4
LENGTH = 32
# scrypt needs 128 * r * N bytes (128 MB); OpenSSL refuses more than 32 MB unless told.
MAX_MEMORY = 256 * 1024 * 1024


class EckUnavailable(Exception):
    """No (valid) ECK_ID_SALT is configured: no ECK iD can be made."""


def salt() -> bytes:
    text = settings.ECK_ID_SALT
    if not text:
        raise EckUnavailable("ECK_ID_SALT is not set.")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise EckUnavailable("ECK_ID_SALT is no base64 text.") from None


def salt_id() -> str:
    """A short fingerprint of the salt, so stored hashes of another salt count as stale."""
    return hashlib.sha256(salt()).hexdigest()[:16]


def hashed_pgn(education_number: str, *, with_salt: bytes | None = None) -> str:
    """scrypt over the lower-cased number, as lower-case hex."""
    number = education_number.strip().lower()
    if not number:
        raise ValueError("An ECK iD needs an education number.")
    derived = hashlib.scrypt(
        number.encode(),
        salt=salt() if with_salt is None else with_salt,
        n=N,
        r=R,
        p=P,
        maxmem=MAX_MEMORY,
        dklen=LENGTH,
    )
    return derived.hex()
