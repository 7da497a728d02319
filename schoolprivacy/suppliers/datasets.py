"""The fields a supplier can be given, as data: one catalogue, the only vocabulary of data sets.

domain.md, "Processors and suppliers": a supplier receives a named data set (like the sector's
narrow sets: a pseudonymous key, name parts, year group, group), never gender or demographics by
default; the education number never goes to a supplier, nor does special data (health, religion,
ethnicity; GDPR art. 9).

- NARROW: the sector's narrow set; an agreement may name any of these.
- EXTRA: offered, but only with a dated approval of the privacy officer (`FieldApproval`).
- NEVER_OFFERED: keys a client might send that name what may never leave the school this way.
  They are refused with a reason (the API answers 422); no exporter can write them because no
  exporter has a column for them.

Every exporter writes only columns it finds in `FIELDS` for keys of the agreement's effective set,
so an agreement's set is the upper bound of every export by construction.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    # The taxonomy category of the pupil data the field is made from (register, portal).
    category: str
    needs_approval: bool = False


NARROW: tuple[Field, ...] = (
    Field("pseudonym", _("pseudonymous key for this supplier"), "pupil.identity"),
    Field("first_name", _("first name"), "pupil.identity"),
    Field("surname_prefix", _("surname prefix"), "pupil.identity"),
    Field("surname", _("surname"), "pupil.identity"),
    Field("year_group", _("year group"), "pupil.enrolment"),
    Field("group", _("group"), "pupil.enrolment"),
    Field("teacher_names", _("names of the group's teachers"), "staff.identity"),
    # The chain pseudonym of the learning-material chain, made from the education number with
    # scrypt (eck.py); the number itself never leaves the school.
    Field("eck_id", _("ECK iD (chain pseudonym)"), "pupil.identity"),
)
EXTRA: tuple[Field, ...] = (
    Field("email", _("pupil's email address"), "pupil.contact", needs_approval=True),
    Field("date_of_birth", _("date of birth"), "pupil.identity", needs_approval=True),
)
FIELDS: dict[str, Field] = {f.key: f for f in (*NARROW, *EXTRA)}
KEYS: tuple[str, ...] = tuple(FIELDS)

# What may never be offered, whatever an agreement says (domain.md): gender and demographics,
# the education number in any spelling, and the special categories of the taxonomy.
NEVER_OFFERED: dict[str, Promise] = {
    "gender": _("Gender is never given to suppliers."),
    "sex": _("Gender is never given to suppliers."),
    "demographics": _("Demographics are never given to suppliers."),
    "education_number": _("The education number is never given to suppliers."),
    "bsn": _("The education number is never given to suppliers."),
    "pgn": _("The education number is never given to suppliers."),
    "onderwijsnummer": _("The education number is never given to suppliers."),
    "health": _("Special categories of data are never given to suppliers."),
    "diagnosis": _("Special categories of data are never given to suppliers."),
    "religion": _("Special categories of data are never given to suppliers."),
    "ethnicity": _("Special categories of data are never given to suppliers."),
    "care_notes": _("Special categories of data are never given to suppliers."),
}


class DataSetError(ValueError):
    """A data set that cannot be agreed; `messages` are translated, one per refused key."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def check_keys(keys: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The keys in catalogue order, or DataSetError naming each key that cannot be offered."""
    problems: list[str] = []
    for key in keys:
        if key in NEVER_OFFERED:
            problems.append(f"{key}: {NEVER_OFFERED[key]}")
        elif key not in FIELDS:
            problems.append(f"{key}: {_('This is no field a supplier can be given.')}")
    if problems:
        raise DataSetError(problems)
    if not keys:
        raise DataSetError([str(_("A data set names at least one field."))])
    chosen = set(keys)
    return tuple(k for k in KEYS if k in chosen)


def needs_approval(keys: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(k for k in keys if FIELDS[k].needs_approval)


def labels(keys: tuple[str, ...] | list[str]) -> list[str]:
    return [str(FIELDS[k].label) for k in keys if k in FIELDS]
