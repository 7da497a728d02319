"""Per-supplier pseudonyms (domain.md: where no ECK iD is used, give each supplier its own keyed
pseudonym, so suppliers cannot link pupils).

HMAC-SHA256 under SUPPLIER_PSEUDONYM_KEY over the kind of thing, the board, the supplier and the
row id: stable for as long as the pupil and the supplier exist here, different at every supplier,
and without the key nobody (a supplier, or two suppliers together) can compute or reverse it.
Teachers and groups in a roster get keys the same way, so a roster names no internal id.
"""

import hashlib
import hmac

from django.conf import settings

# 128 bits in hex: collision-free for any number of pupils, short enough for a login field.
LENGTH = 32


def _mac(kind: str, board_id: int, supplier_id: int, row_id: int) -> str:
    message = f"schoolprivacy.suppliers.{kind}:{board_id}:{supplier_id}:{row_id}".encode()
    key = settings.SUPPLIER_PSEUDONYM_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:LENGTH]


def pseudonym(*, board_id: int, supplier_id: int, pupil_id: int) -> str:
    return _mac("pupil", board_id, supplier_id, pupil_id)


def staff_pseudonym(*, board_id: int, supplier_id: int, staff_id: int) -> str:
    return _mac("staff", board_id, supplier_id, staff_id)


def group_pseudonym(*, board_id: int, supplier_id: int, group_id: int) -> str:
    return _mac("group", board_id, supplier_id, group_id)
