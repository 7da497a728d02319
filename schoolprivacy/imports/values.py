"""Reading single cells: dates, yes/no, relations and Dutch names. Raise CellError with a reason."""

import re
from datetime import date

from django.utils.translation import gettext as _

from schoolprivacy.people.models import GuardianRelation


class CellError(ValueError):
    """The reason a cell cannot be read, for people; never contains an education number."""


FIRST_YEAR, LAST_YEAR = 1900, 2100
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def parse_date(text: str) -> date:
    """dd-mm-yyyy, d-m-yyyy (also with / or .) and ISO yyyy-mm-dd (Excel cells come as ISO)."""
    if match := _DUTCH_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError(
            _("'%(value)s' is not a date; write it as dd-mm-yyyy") % {"value": text[:40]}
        )
    try:
        day_ = date(year, month, day)
    except ValueError:
        raise CellError(_("'%(value)s' is not an existing date") % {"value": text}) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        # A typing error such as 1800 or 2106: no pupil, enrolment or leaving is dated there.
        raise CellError(
            _(
                "'%(value)s' is not a plausible date "
                "(the year is before %(first)d or after %(last)d)"
            )
            % {"value": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day_


_YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
_NO = {"nee", "n", "no", "0", "false", "onwaar"}


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(_("'%(value)s' is not ja or nee") % {"value": text[:40]})


# What offices write in the relation column -> the kind of link (domain.md, "Parents").
_Kind = GuardianRelation.Kind
RELATIONS: dict[str, str] = {
    **dict.fromkeys(("ouder", "moeder", "vader", "parent", "mother", "father"), _Kind.PARENT),
    **dict.fromkeys(("voogd", "guardian", "voogdes"), _Kind.VOOGD),
    **dict.fromkeys(
        ("pleegouder", "pleegmoeder", "pleegvader", "foster parent", "foster_parent"),
        _Kind.FOSTER_PARENT,
    ),
    **dict.fromkeys(
        (
            "stiefouder", "stiefmoeder", "stiefvader", "step-parent", "stepparent", "step parent",
            "step_parent", "stepmother", "stepfather", "step-mother", "step-father",
        ),
        _Kind.STEP_PARENT,
    ),
    **dict.fromkeys(
        (
            "grootouder", "grootmoeder", "grootvader", "oma", "opa", "grandparent",
            "grandmother", "grandfather",
        ),
        _Kind.GRANDPARENT,
    ),
    **dict.fromkeys(
        ("verzorger", "verzorgster", "carer", "caregiver", "care giver"), _Kind.CARER
    ),
    **dict.fromkeys(
        (
            "gezinshuisouder", "gezinshuisouders", "gezinshuis ouder", "gezinshuis",
            "family-home parent", "family home parent", "family_home_parent",
        ),
        _Kind.FAMILY_HOME_PARENT,
    ),
    **dict.fromkeys(
        ("overig", "overige", "anders", "other", "contactpersoon", "contact"), _Kind.OTHER
    ),
}  # fmt: skip
# Kinds that are appointed or recognised to hold authority, so the file must say whether they
# do; every other kind holds none unless the authority column says so.
AUTHORITY_REQUIRED = frozenset((_Kind.PARENT, _Kind.VOOGD, _Kind.FOSTER_PARENT))


class UnknownRelation(CellError):
    """A relation word we do not know: the link is imported as `other`, with a warning."""


def parse_relation(text: str) -> str:
    if not text:
        return GuardianRelation.Kind.PARENT.value
    kind = RELATIONS.get(" ".join(text.strip().lower().split()))
    if kind is None:
        raise UnknownRelation(
            _(
                "'%(value)s' is not a relation we know; imported as 'other', without parental "
                "authority unless the authority column says so"
            )
            % {"value": text[:40]}
        )
    return str(kind)


# Dutch surname prefixes, longest first so "van der" wins over "van".
PREFIXES = sorted(
    (
        "van der", "van den", "van de", "van het", "van 't", "in 't", "in het", "op de", "op den",
        "uit de", "uit den", "van", "de", "den", "der", "het", "'t", "ter", "ten", "te", "la", "le",
        "el", "al", "d'", "du", "op", "in", "uit", "von",
    ),
    key=len,
    reverse=True,
)  # fmt: skip


def split_name(full: str) -> tuple[str, str, str]:
    """ "Peter van der Berg" -> ("Peter", "van der", "Berg"); one word is a surname."""
    words = full.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    first, rest = words[0], " ".join(words[1:])
    lowered = rest.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix + " "):
            return first, rest[: len(prefix)], rest[len(prefix) + 1 :].strip()
    return first, "", rest


def year_level(group_name: str, *, highest: int) -> int:
    """The year level from a group name ("Groep 5a" -> 5, "2B" -> 2, "1/2" -> 1).

    A name without a digit ("Kleuters") counts as the first year: the year level only orders
    groups on the pages, and a wrong guess there is harmless.
    """
    match = re.search(r"\d+", group_name)
    if match is None:
        return 1
    return min(max(int(match.group()), 1), highest)
