"""Sealing values at rest with AES-256-GCM, and keyed lookup hashes. Framework-free.

Envelope: `v1:<key id>:<base64url(96-bit nonce | ciphertext | 128-bit tag)>`. The key id names the
DATA_KEYS entry that sealed it, so several keys can be in use while `rotate-keys` moves everything
to the newest. The associated data binds the ciphertext to its *purpose* (the table and column it
lives in, for example `dossier_record.body`) and to the envelope header, so a ciphertext copied into
another column, or given another key id, fails to open instead of showing up in the wrong place.
See docs/decisions/0007-encryption-at-rest.md for why the row is not part of the binding.

Error messages name key ids and purposes only: never a plaintext, never a ciphertext.
"""

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
NONCE_BYTES = 12  # 96 bits: the size GCM is designed for; random, so never reused in practice
KEY_BYTES = 32  # AES-256

Keys = Mapping[int, bytes]


class SealError(Exception):
    """A sealed value cannot be opened. Subclasses say why."""


class MalformedEnvelope(SealError):
    pass


class UnknownKey(SealError):
    """The envelope names a key id that is not configured."""


class CannotOpen(SealError):
    """Authentication failed: wrong key for that id, a changed value, or another column's value."""


def newest_key_id(keys: Keys) -> int:
    if not keys:
        raise SealError("No data keys are configured (DATA_KEYS).")
    return max(keys)


def prefix_for(key_id: int) -> str:
    """The start of every envelope sealed with `key_id`; used to find values under old keys."""
    return f"{VERSION}:{key_id}:"


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    # Building the cipher object costs more than a short encryption; keys rarely change.
    if len(key) != KEY_BYTES:
        raise SealError(f"A data key must be {KEY_BYTES} bytes.")
    return AESGCM(key)


def _associated_data(key_id: int, purpose: str) -> bytes:
    if not purpose or ":" in purpose:
        raise SealError("A purpose is a non-empty name without colons, like table.column.")
    return f"schoolprivacy|{VERSION}|{key_id}|{purpose}".encode()


def seal(plaintext: str, *, keys: Keys, purpose: str, key_id: int | None = None) -> str:
    """Encrypt `plaintext` for `purpose` with the newest key (or `key_id`)."""
    key_id = newest_key_id(keys) if key_id is None else key_id
    if key_id not in keys:
        raise UnknownKey(f"Data key {key_id} is not configured.")
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(keys[key_id]).encrypt(
        nonce, plaintext.encode(), _associated_data(key_id, purpose)
    )
    return prefix_for(key_id) + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def parse(envelope: str) -> tuple[int, bytes]:
    """The key id and the raw nonce+ciphertext of an envelope."""
    version, _, rest = envelope.partition(":")
    key_text, _, body = rest.partition(":")
    if version != VERSION or not key_text.isdigit() or not body:
        raise MalformedEnvelope("The value is not a sealed envelope (expected v1:<key id>:<data>).")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise MalformedEnvelope("The sealed envelope is not valid base64.") from None
    if len(raw) < NONCE_BYTES + 16:
        raise MalformedEnvelope("The sealed envelope is too short to hold a nonce and a tag.")
    return int(key_text), raw


def key_id_of(envelope: str) -> int:
    return parse(envelope)[0]


def is_envelope(value: str) -> bool:
    try:
        parse(value)
    except MalformedEnvelope:
        return False
    return True


def unseal(envelope: str, *, keys: Keys, purpose: str) -> str:
    """Decrypt an envelope sealed for `purpose`, with whichever configured key it names."""
    key_id, raw = parse(envelope)
    if key_id not in keys:
        raise UnknownKey(
            f"A value of {purpose} is sealed with data key {key_id}, which is not in DATA_KEYS. "
            "Put that key back (old keys stay until `schoolprivacy rotate-keys --check` passes)."
        )
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        plaintext = _cipher(keys[key_id]).decrypt(nonce, sealed, _associated_data(key_id, purpose))
    except InvalidTag:
        raise CannotOpen(
            f"A value of {purpose} does not open with data key {key_id}: the key with that id "
            "is a different key, or the value was changed or copied from another column."
        ) from None
    return plaintext.decode()


# --- Keyed lookup hashes ("blind index") --------------------------------------------------------


@lru_cache(maxsize=32)
def _derived_key(master: bytes, purpose: str) -> bytes:
    # HKDF gives the hash its own key: one key must never serve two algorithms (AES and HMAC).
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"schoolprivacy lookup hash {VERSION} {purpose}".encode(),
    ).derive(master)


def lookup_hash(value: str, *, keys: Keys, purpose: str, key_id: int | None = None) -> str:
    """`<key id>:<hex HMAC-SHA256>` of `value`, to find a row by an exact value without decrypting.

    Keyed, so someone with the database but without DATA_KEYS cannot test the nine-digit number
    space against it (a plain hash of a BSN is reversed in seconds).
    """
    key_id = newest_key_id(keys) if key_id is None else key_id
    if key_id not in keys:
        raise UnknownKey(f"Data key {key_id} is not configured.")
    digest = hmac.new(_derived_key(keys[key_id], purpose), value.encode(), hashlib.sha256)
    return f"{key_id}:{digest.hexdigest()}"


def lookup_hashes(value: str, *, keys: Keys, purpose: str) -> list[str]:
    """The hash of `value` under every configured key: matches rows not yet rotated as well."""
    return [lookup_hash(value, keys=keys, purpose=purpose, key_id=k) for k in sorted(keys)]


# Longest hash: a key id of up to 10 digits, a colon and 64 hex digits.
LOOKUP_HASH_LENGTH = 80
