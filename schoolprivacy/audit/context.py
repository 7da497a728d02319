"""The guard on an audit event's context: codes and counts only, never a personal value.

The context is hashed into the chain and can never be edited, so a personal value that slips in
stays for as long as the log is kept. The guard therefore refuses anything that is not shaped like
a code, at any depth (keys too, lists and dicts inside lists and dicts), and refuses numbers shaped
like a BSN or a phone number. It cannot tell a lower-case name written as a code ("sanne.jansen")
from a rule name; callers must still store codes only.
"""

import re
from collections.abc import Mapping
from typing import Any


class AuditError(ValueError):
    pass


# Context strings must be codes (rule names, reason codes, counts as text): no spaces, short.
# Free text is where personal values sneak in, so it is refused outright.
CONTEXT_CODE = re.compile(r"^[A-Za-z0-9_.:/-]{0,64}$")
# Keys are lower-case identifiers, optionally dotted (category keys such as "staff.activity").
CONTEXT_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
# A capital followed by lower-case letters is how names are written ("Sanne.Jansen",
# "deJong"); codes are lower-case (rule names, keys) or all capitals with digits (BRIN "12AB").
NAME_SHAPED = re.compile(r"[A-Z][a-z]")
MAX_DEPTH = 3
MAX_KEY_LENGTH = 64


def elfproef(digits: str) -> bool:
    """The BSN eleven test on 9 digits: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=False))
    return (total - int(digits[8])) % 11 == 0


def looks_like_bsn(digits: str) -> bool:
    # BSNs have 9 digits; older ones have 8 and are padded with a leading zero.
    return len(digits) in (8, 9) and elfproef(digits.zfill(9))


def looks_like_phone_number(digits: str, *, as_number: bool) -> bool:
    """Dutch numbers: 0 and 9 digits, 0031 or 31 and 9 digits. A number loses its leading 0, so
    as an integer any 9-digit value may be a phone number (no count in one event gets that big)."""
    if re.fullmatch(r"0[1-9]\d{8}", digits) or re.fullmatch(r"(00)?31[1-9]\d{8}", digits):
        return True
    return as_number and re.fullmatch(r"[1-9]\d{8}", digits) is not None


def _check_number(where: str, value: int | float) -> None:
    if isinstance(value, float):
        if not value.is_integer():
            return
        value = int(value)
    digits = str(abs(value))
    if looks_like_bsn(digits):
        raise AuditError(f"Audit context value {where} looks like a BSN; store a count or code.")
    if looks_like_phone_number(digits, as_number=True):
        raise AuditError(f"Audit context value {where} looks like a phone number.")


def _check_text(where: str, value: str) -> None:
    if not CONTEXT_CODE.match(value):
        raise AuditError(f"Audit context value {where} is free text; store a code instead.")
    if NAME_SHAPED.search(value):
        raise AuditError(f"Audit context value {where} is shaped like a name; store a code.")
    if value.isdigit() and looks_like_bsn(value):
        raise AuditError(f"Audit context value {where} looks like a BSN; store a count or code.")
    # "06-12345678"; dates ("2026-12-05") keep too few digits to match.
    if looks_like_phone_number(value.replace("-", ""), as_number=False):
        raise AuditError(f"Audit context value {where} looks like a phone number.")


def _check_key(where: str, key: object) -> None:
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not CONTEXT_KEY.match(key):
        raise AuditError(
            f"Audit context key {key!r} in {where or 'the context'} must be a lower-case code."
        )


def _check(where: str, value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise AuditError(f"Audit context value {where} is nested too deeply.")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int | float):
        _check_number(where, value)
    elif isinstance(value, str):
        _check_text(where, value)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(f"{where}[{index}]", item, depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_key(where, key)
            _check(f"{where}.{key}" if where else repr(key), item, depth + 1)
    else:
        raise AuditError(f"Audit context value {where} must be plain data.")


def check_context(context: Mapping[str, Any]) -> None:
    """Raise AuditError unless every key and value, at every depth, is a code, count or flag."""
    _check("", context, 0)
