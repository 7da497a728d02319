"""The education number (persoonsgebonden nummer, PGN): its format rules. Framework-free.

A pupil's PGN is their citizen service number (BSN) or, for a pupil without one, a temporary
onderwijsnummer from DUO (domain.md, "Special categories and identifiers"). Both are nine digits
with a weighted 11-check. Error messages never repeat the number.
"""

from enum import StrEnum

LENGTH = 9
# The 11-check weights for BSN and onderwijsnummer alike: digits 1-8 weigh 9 down to 2, and the
# last digit weighs -1 (the BSN variant of the bank-account elfproef, so that a mistyped bank
# account number fails).
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# BSN (Wet algemene bepalingen BSN; Logisch Ontwerp BSN): the weighted sum is a multiple of 11 and
# not 0 (000000000 is no number). Eight-digit BSNs are written with a leading zero.
BSN_REMAINDER = 0
# Onderwijsnummer (DUO, BRON/ROD): starts with "10" and the same weighted sum leaves remainder 5,
# so that it can never be mistaken for a BSN.
ONDERWIJSNUMMER_PREFIX = "10"
ONDERWIJSNUMMER_REMAINDER = 5
# Separators people type or that exports use: "1234.56.782", "123 456 782".
_SEPARATORS = str.maketrans("", "", " .-")


class Kind(StrEnum):
    BSN = "bsn"
    ONDERWIJSNUMMER = "onderwijsnummer"


class InvalidEducationNumber(ValueError):
    """The text is not a BSN or an onderwijsnummer. The message never contains the number.

    `code` is "length" or "checksum", for callers that show a translated message.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def normalise(raw: str) -> str:
    """Digits only, without the separators people type."""
    return raw.strip().translate(_SEPARATORS)


def weighted_sum(digits: str) -> int:
    return sum(weight * int(digit) for weight, digit in zip(WEIGHTS, digits, strict=True))


def is_bsn(number: str) -> bool:
    if len(number) != LENGTH or not number.isdigit():
        return False
    total = weighted_sum(number)
    return total != 0 and total % 11 == BSN_REMAINDER


def is_onderwijsnummer(number: str) -> bool:
    if len(number) != LENGTH or not number.isdigit():
        return False
    return (
        number.startswith(ONDERWIJSNUMMER_PREFIX)
        and weighted_sum(number) % 11 == ONDERWIJSNUMMER_REMAINDER
    )


def kind_of(number: str) -> Kind | None:
    if is_bsn(number):
        return Kind.BSN
    if is_onderwijsnummer(number):
        return Kind.ONDERWIJSNUMMER
    return None


def validate(raw: str) -> str:
    """The normalised number, or InvalidEducationNumber saying what is wrong (not what it was)."""
    number = normalise(raw)
    if not number.isdigit() or len(number) != LENGTH:
        raise InvalidEducationNumber("An education number has nine digits.", code="length")
    if kind_of(number) is None:
        raise InvalidEducationNumber(
            "This is not a valid citizen service number (BSN) or onderwijsnummer: "
            "the 11-check fails. Check for a typing error.",
            code="checksum",
        )
    return number
