"""Parsing DATA_KEYS: the keys that encrypt special data and education numbers at rest.

Format: comma-separated `ID:KEY` pairs, ID a positive whole number, KEY 32 random bytes in
URL-safe base64 (`python3 -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32))
.decode())'`). The highest ID encrypts new data; older keys stay to decrypt until
`schoolprivacy rotate-keys` has re-encrypted everything with the newest.
"""

import base64
import binascii

from schoolprivacy.lib.env import ConfigurationError

KEY_BYTES = 32


def parse_data_keys(raw: str) -> dict[int, bytes]:
    keys: dict[int, bytes] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        key_id, separator, encoded = item.partition(":")
        if not separator or not key_id.strip().isdigit() or int(key_id) < 1:
            raise ConfigurationError(
                "DATA_KEYS must be comma-separated ID:KEY pairs with a positive whole-number ID, "
                "for example 1:<44 characters of base64>."
            )
        try:
            key = base64.urlsafe_b64decode(encoded.strip().encode())
        except (binascii.Error, ValueError):
            raise ConfigurationError(f"DATA_KEYS key {key_id} is not valid base64.") from None
        if len(key) != KEY_BYTES:
            raise ConfigurationError(
                f"DATA_KEYS key {key_id} must be {KEY_BYTES} bytes, not {len(key)}."
            )
        if int(key_id) in keys:
            raise ConfigurationError(f"DATA_KEYS names key {key_id} twice.")
        keys[int(key_id)] = key
    if not keys:
        raise ConfigurationError("DATA_KEYS is not set; give at least one ID:KEY pair.")
    return keys
