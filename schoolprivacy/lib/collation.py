"""Sorting names the Dutch way, without a database collation (SQLite has none).

Dutch lists sort on the surname proper: the tussenvoegsel ("de", "van der", "'t") is ignored, so
"de Wit" sorts under W, and letters with accents sort with their base letter, so "Çelik" comes
with C, before "de Wit". Case does not matter. Surnames stored with their prefix inside ("de
Wit" in the surname field, as some exports do) are handled too.
"""

import unicodedata
from collections.abc import Sequence

# Tussenvoegsels, longest first so that "van der" wins over "van".
PREFIXES: Sequence[str] = sorted(
    {
        "van der",
        "van den",
        "van de",
        "van het",
        "van 't",
        "in 't",
        "in het",
        "in de",
        "op de",
        "op den",
        "op het",
        "uit de",
        "uit den",
        "aan de",
        "aan den",
        "bij de",
        "de la",
        "de le",
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ter",
        "ten",
        "la",
        "le",
        "du",
        "d'",
        "von",
        "zu",
        "vander",
        "vande",
    },
    key=len,
    reverse=True,
)


def fold(text: str) -> str:
    """Lower case without accents: "Çelik" -> "celik", "Ömer" -> "omer", "Ĳsbrand" -> "ijsbrand"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def strip_prefix(surname: str) -> str:
    """The surname without a leading tussenvoegsel ("de Wit" -> "Wit"); the whole name otherwise."""
    folded = fold(surname)
    for prefix in PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith("'") and folded.startswith(prefix)):
            rest = folded[len(prefix) :].strip()
            if rest:
                return rest
    return folded


def dutch_name_key(surname: str, first_name: str = "") -> tuple[str, str]:
    """Sort key for a person: surname without tussenvoegsel, then first name; accent-blind."""
    return (strip_prefix(surname), fold(first_name))


def dutch_text_key(text: str) -> str:
    """Sort key for other text (group, school or purpose names): accent- and case-blind."""
    return fold(text)
