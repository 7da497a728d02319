"""Which column is which: the alias table for headers as ESIS and ParnasSys export them and as
people rename them in a spreadsheet.

Headers are compared after `normalise`: lower case, without spaces, dots, underscores, hyphens
and slashes, so "Geb. datum", "geb_datum" and "GEBDATUM" are one header. Guardian columns carry a
number ("Ouder 1 naam", "naam verzorger 2", "ouder2_e-mail"); the number says which guardian.
"""

import re
from dataclasses import dataclass

# Canonical pupil fields -> normalised aliases. Shared by every format: the vendors' own names
# and the ones people type when they clean up an export by hand.
PUPIL_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("leerlingnummer", "leerlingnr", "llnr", "llnummer", "stamnummer", "stamnr"),
    "first_name": ("roepnaam", "voornaam"),
    "given_names": ("voornamen", "officiëlevoornamen", "officielevoornamen"),
    "surname_prefix": ("voorvoegsel", "tussenvoegsel", "tussenvoegsels", "voorvoegsels"),
    "surname": ("achternaam", "geslachtsnaam", "naam", "familienaam"),
    "date_of_birth": ("geboortedatum", "gebdatum", "geboren", "datumgeboorte"),
    "group": ("groep", "klas", "stamgroep", "basisgroep", "jaargroep"),
    "education_number": ("bsn", "onderwijsnummer", "pgn", "bsnonderwijsnummer", "sofinummer"),
    "enrolled_on": ("datuminschrijving", "inschrijfdatum", "ingeschreven", "datumin"),
    "left_on": ("datumuitschrijving", "uitschrijfdatum", "uitgeschreven", "datumuit"),
    # The pupil's own address: the sign-in of a pupil aged 16+ (people.accounts).
    "email": (
        "emailleerling",
        "leerlingemail",
        "emailadresleerling",
        "leerlingemailadres",
        "email",
        "emailadres",
        "mailleerling",
    ),
}
# Extra names that only one vendor uses; `--format` limits the table to that vendor's names.
FORMAT_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "parnassys": {"external_id": ("leerlingid",), "group": ("groepnaam",)},
    "esis": {"external_id": ("leerlingcode",), "group": ("klasnaam", "klascode")},
    "generic": {},
}
FORMATS = ("auto", *FORMAT_ALIASES)

GUARDIAN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("naam", "volledigenaam"),
    "first_name": ("voornaam", "roepnaam"),
    "surname_prefix": ("voorvoegsel", "tussenvoegsel"),
    "surname": ("achternaam",),
    "relation": ("relatie", "relatietot", "soort", "rol"),
    "authority": ("gezag", "ouderlijkgezag", "heeftgezag"),
    "email": ("email", "emailadres", "mail"),
    "phone": ("telefoon", "telefoonnummer", "tel", "mobiel", "telnr"),
}
# The words that say a column is about a guardian, before or after its number.
_GUARDIAN_WORD = r"(?:ouder|verzorger|voogd|contact|gezaghebbende)"
_GUARDIAN = re.compile(rf"^(?:{_GUARDIAN_WORD}(\d+)(.+)|(.+?){_GUARDIAN_WORD}(\d+))$")
_STRIP = str.maketrans("", "", " ._-/:\t")

# Human column names for errors when a header was not in the file (matches the alias table).
LABELS: dict[str, str] = {
    "external_id": "Leerlingnummer",
    "first_name": "Roepnaam",
    "surname": "Achternaam",
    "date_of_birth": "Geboortedatum",
    "enrolled_on": "Datum inschrijving",
}
REQUIRED = ("external_id", "surname", "date_of_birth", "enrolled_on")


def normalise(header: str) -> str:
    return header.strip().lower().translate(_STRIP)


@dataclass(frozen=True)
class Column:
    """Where one canonical field lives: its index in the row and the header as the file says it."""

    index: int
    header: str


@dataclass
class HeaderMap:
    pupil: dict[str, Column]
    # guardian number (1, 2, ...) -> field -> column
    guardians: dict[int, dict[str, Column]]
    unknown: list[str]

    def missing(self) -> list[str]:
        missing = [field for field in REQUIRED if field not in self.pupil]
        if "first_name" not in self.pupil and "given_names" not in self.pupil:
            missing.append("first_name")
        return missing


def _lookup(aliases: dict[str, tuple[str, ...]], key: str) -> str | None:
    for field, names in aliases.items():
        if key in names or key == field.replace("_", ""):
            return field
    return None


def pupil_aliases(format_name: str) -> dict[str, tuple[str, ...]]:
    extra: dict[str, tuple[str, ...]] = {}
    for name, table in FORMAT_ALIASES.items():
        if format_name in ("auto", name):
            for field, names in table.items():
                extra[field] = extra.get(field, ()) + names
    return {field: names + extra.get(field, ()) for field, names in PUPIL_ALIASES.items()}


def map_headers(
    headers: list[str], *, format_name: str = "auto", mapping: dict[str, str] | None = None
) -> HeaderMap:
    """Match each header to a field; `mapping` (normalised header -> alias) comes first."""
    aliases = pupil_aliases(format_name)
    mapping = {normalise(k): normalise(v) for k, v in (mapping or {}).items()}
    result = HeaderMap(pupil={}, guardians={}, unknown=[])
    for index, header in enumerate(headers):
        key = mapping.get(normalise(header), normalise(header))
        if not key:
            continue
        guardian = _GUARDIAN.match(key)
        if guardian:
            number = int(guardian.group(1) or guardian.group(4))
            field = _lookup(GUARDIAN_ALIASES, guardian.group(2) or guardian.group(3))
            if field is not None:
                result.guardians.setdefault(number, {})[field] = Column(index, header.strip())
                continue
        field = _lookup(aliases, key)
        # The first column wins when two headers mean the same; the rest are reported as unused.
        if field is not None and field not in result.pupil:
            result.pupil[field] = Column(index, header.strip())
        else:
            result.unknown.append(header)
    return result


def detect_format(headers: list[str]) -> str:
    """A best guess for the report; the alias table of "auto" already reads all three."""
    keys = {normalise(h) for h in headers}
    for name in ("parnassys", "esis"):
        if keys & {n for names in FORMAT_ALIASES[name].values() for n in names}:
            return name
    return "generic"
