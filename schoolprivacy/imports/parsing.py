"""One row of the file -> a pupil with guardians, or the problems that stop it, per cell.

A problem names the line and the column as the file has them and the reason; it never repeats an
education number (the rule in lib/education_number.py).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from schoolprivacy.imports.headers import LABELS, Column, HeaderMap
from schoolprivacy.imports.values import (
    AUTHORITY_REQUIRED,
    CellError,
    UnknownRelation,
    parse_date,
    parse_relation,
    parse_yes_no,
    split_name,
)
from schoolprivacy.lib.education_number import InvalidEducationNumber, validate
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil

_MAX: dict[str, int] = {
    f.name: f.max_length or 0 for f in Pupil._meta.fields if getattr(f, "max_length", None)
}


_GUARDIAN_MAX: dict[str, int] = {
    f.name: f.max_length or 0 for f in Guardian._meta.fields if getattr(f, "max_length", None)
}


# Control characters (a NUL byte, a line feed from a pasted cell) never belong in a name or a
# number, and some databases refuse or cut at a NUL: the cell is a problem, not a value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A pupil older than this is a typing error in the date of birth, not a pupil.
OLDEST_PUPIL_YEARS = 30


def email_problem(text: str) -> str | None:
    """Why this service cannot send to `text`, or None when it can.

    Django's validator and its SMTP backend agree on what can be sent: a domain with non-ASCII
    letters (`bücher.nl`) is sent as punycode, so it is accepted; a local part with non-ASCII
    letters (`josé@...`) needs SMTPUTF8, which the backend refuses (it raises on such an address),
    so it is refused here too rather than failing later at the invitation.
    """
    try:
        validate_email(text)
    except ValidationError:
        local = text.rpartition("@")[0]
        if local and not local.isascii():
            return _(
                "'%(value)s' has letters outside ASCII before the @, which this service cannot "
                "send mail to"
            ) % {"value": text[:60]}
        return _("'%(value)s' is not an email address") % {"value": text[:60]}
    return None


@dataclass(frozen=True)
class Problem:
    """An error (the row cannot be understood and is not imported) or, with `warning`, a value
    that is left out or read in a safe way while the row itself is imported."""

    line: int
    column: str
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        if not self.column:
            return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}
        return _("line %(line)d, column %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class GuardianRow:
    first_name: str
    surname_prefix: str
    surname: str
    kind: str
    has_parental_authority: bool
    email: str
    phone: str
    line: int = 0
    column: str = ""  # the header that names this guardian, for warnings about them


@dataclass
class PupilRow:
    line: int
    external_id: str
    fields: dict[str, Any]
    group: str
    guardians: list[GuardianRow] = field(default_factory=list)


class RowParser:
    def __init__(self, headers: HeaderMap, *, today: date | None = None) -> None:
        self.headers = headers
        self.today = today or date.today()
        self._control = False  # whether the current line has a control character anywhere

    def _cell(self, cells: list[str], column: Column | None) -> str:
        if column is None or column.index >= len(cells):
            return ""
        return cells[column.index].strip()

    def parse(self, line: int, cells: list[str]) -> tuple[PupilRow | None, list[Problem]]:
        """The row, or None when it has an error; the problems include warnings either way."""
        problems: list[Problem] = []
        pupil = self.headers.pupil

        def text(name: str) -> str:
            return self._cell(cells, pupil.get(name))

        def problem(name: str, reason: str, *, warning: bool = False) -> None:
            column = pupil.get(name)
            label = column.header if column else LABELS.get(name, name)
            problems.append(Problem(line, label, reason, warning))

        def a_date(name: str, *, required: bool) -> date | None:
            value = text(name)
            if not value:
                if required:
                    problem(name, _("is empty"))
                return None
            try:
                return parse_date(value)
            except CellError as exc:
                problem(name, str(exc))
                return None

        # One search over the whole line; the cells are searched one by one only when it finds one.
        self._control = bool(_CONTROL.search("".join(cells)))
        for name in pupil if self._control else ():
            if _CONTROL.search(text(name)):
                problem(name, _("contains a control character (such as a NUL byte)"))
        external_id = text("external_id")
        if not external_id:
            problem("external_id", _("is empty"))
        first_name, given_names = text("first_name"), text("given_names")
        first_name = first_name or given_names.split(" ")[0]
        if not first_name:
            problem("first_name" if "first_name" in pupil else "given_names", _("is empty"))
        surname = text("surname")
        if not surname:
            problem("surname", _("is empty"))
        values: dict[str, Any] = {
            "first_name": first_name,
            "given_names": given_names or first_name,
            "surname_prefix": text("surname_prefix"),
            "surname": surname,
        }
        for name, value in [("external_id", external_id), *values.items()]:
            if isinstance(value, str) and len(value) > _MAX[name]:
                problem(name, _("is longer than %(n)d characters") % {"n": _MAX[name]})
        born = a_date("date_of_birth", required=True)
        enrolled = a_date("enrolled_on", required=True)
        left = a_date("left_on", required=False)
        if born and not (
            self.today - timedelta(days=366 * OLDEST_PUPIL_YEARS) <= born <= self.today
        ):
            problem(
                "date_of_birth",
                _(
                    "is not a plausible date of birth for a pupil "
                    "(in the future or over %(n)d years ago)"
                )
                % {"n": OLDEST_PUPIL_YEARS},
            )
        if born and enrolled and enrolled <= born:
            problem("enrolled_on", _("the enrolment date is not after the date of birth"))
        if enrolled and left and left < enrolled:
            problem("left_on", _("the date of leaving is before the enrolment date"))
        values.update(date_of_birth=born, enrolled_on=enrolled, left_on=left)
        if "education_number" in pupil:
            raw = text("education_number")
            try:
                values["education_number"] = validate(raw) if raw else ""
            except InvalidEducationNumber as exc:
                # The library's message never contains the number; translate by its code.
                reason = (
                    _("an education number has nine digits")
                    if exc.code == "length"
                    else _("not a valid BSN or onderwijsnummer (the 11-check fails)")
                )
                problem("education_number", reason)
        if "email" in pupil:
            email = text("email").lower()
            if email and (unsendable := email_problem(email)):
                # The pupil is imported without the address (and cannot sign in until it is
                # corrected in the pupil administration).
                problem(
                    "email",
                    _("%(reason)s; imported without it") % {"reason": unsendable},
                    warning=True,
                )
                email = ""
            values["email"] = email
        numbers = sorted(self.headers.guardians)
        guardians = [self._guardian(line, cells, n, problems) for n in numbers]
        if any(not p.warning for p in problems):
            return None, problems
        row = PupilRow(line, external_id, values, text("group"))
        row.guardians = [g for g in guardians if g is not None]
        return row, problems

    def _guardian(
        self, line: int, cells: list[str], number: int, problems: list[Problem]
    ) -> GuardianRow | None:
        columns = self.headers.guardians[number]

        def text(name: str) -> str:
            return self._cell(cells, columns.get(name))

        def problem(name: str, reason: str, *, warning: bool = False) -> None:
            column = columns.get(name)
            problems.append(Problem(line, column.header if column else name, reason, warning))

        for name in columns if self._control else ():
            if _CONTROL.search(text(name)):
                problem(name, _("contains a control character (such as a NUL byte)"))
        first, prefix, surname = split_name(text("name"))
        first = text("first_name") or first
        prefix = text("surname_prefix") or prefix
        surname = text("surname") or surname
        email, phone = text("email").lower(), text("phone")
        if not (first or surname or email or phone):
            return None  # no guardian in this slot
        if not surname:
            problem("name" if "name" in columns else "surname", _("a guardian needs a surname"))
        for name, value in (
            ("first_name", first),
            ("surname_prefix", prefix),
            ("surname", surname),
        ):
            if len(value) > _GUARDIAN_MAX[name]:
                where = name if name in columns else "name"
                problem(where, _("is longer than %(n)d characters") % {"n": _GUARDIAN_MAX[name]})
        if email and (reason := email_problem(email)):
            # The guardian is imported without it; the invitation page lists them as having no
            # address, so the school can ask for a correct one.
            problem(
                "email",
                _("%(reason)s; the guardian is imported without it and cannot be invited")
                % {"reason": reason},
                warning=True,
            )
            email = ""
        try:
            kind = parse_relation(text("relation"))
        except UnknownRelation as exc:
            problem("relation", str(exc), warning=True)
            kind = GuardianRelation.Kind.OTHER.value
        authority = False
        if not text("authority"):
            # Only the kinds that come with authority must say so; a grandparent or a carer has
            # none unless the column says so.
            if kind in AUTHORITY_REQUIRED:
                problem("authority", _("say whether this guardian has parental authority (ja/nee)"))
        else:
            try:
                authority = parse_yes_no(text("authority"))
            except CellError as exc:
                problem("authority", str(exc))
        # A voogd is appointed to hold authority (the database rule in people.models).
        if kind == GuardianRelation.Kind.VOOGD and not authority and text("authority"):
            problem("authority", _("a voogd always has parental authority"))
        named = next(
            (columns[n] for n in ("name", "surname", "first_name", "email") if n in columns), None
        )
        return GuardianRow(
            first, prefix, surname, kind, authority, email, phone[:30], line,
            named.header if named else "",
        )  # fmt: skip
