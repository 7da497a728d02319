"""The education data-category taxonomy: every piece of personal data has one of these keys.

Versioned: when a key is added, renamed or reclassified, raise TAXONOMY_VERSION and say why in
CHANGES. Keys are never reused for another meaning, because the audit log and the register refer
to them for years.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TAXONOMY_VERSION = 1
CHANGES = {1: "First version: pupils, guardians and staff of Dutch primary and secondary schools."}


class Classification(StrEnum):
    ORDINARY = "ordinary"
    # GDPR art. 9: health (dyslexia, ADHD, IQ, behaviour, disability), religion, ethnicity.
    SPECIAL = "special"
    # The education number (PGN = BSN, or a temporary onderwijsnummer): UAVG art. 46.
    NATIONAL_IDENTIFIER = "national_identifier"


class Subject(StrEnum):
    PUPIL = "pupil"
    GUARDIAN = "guardian"
    STAFF = "staff"


@dataclass(frozen=True)
class Category:
    key: str
    label: Promise
    description: Promise
    classification: Classification = Classification.ORDINARY

    @property
    def subject(self) -> Subject:
        return Subject(self.key.split(".", 1)[0])

    @property
    def is_special(self) -> bool:
        return self.classification is Classification.SPECIAL

    @property
    def needs_protection(self) -> bool:
        """Encrypted at rest and every read logged: special data and the education number."""
        return self.classification is not Classification.ORDINARY


_S = Classification.SPECIAL
_N = Classification.NATIONAL_IDENTIFIER

CATEGORIES: tuple[Category, ...] = (
    Category("pupil.identity", _("Name and date of birth"), _("Names, date of birth, sex.")),
    Category("pupil.contact", _("Address and contact details"), _("Home address, phone, email.")),
    Category(
        "pupil.education_number",
        _("Education number"),
        _("The citizen service number (BSN) or temporary education number used with DUO."),
        _N,
    ),
    Category(
        "pupil.enrolment",
        _("Enrolment"),
        _("Enrolment and leaving dates, school, groups and previous school."),
    ),
    Category("pupil.absence", _("Absence"), _("Absence and lateness, with reasons.")),
    Category("pupil.results.tests", _("Test results"), _("Marks and results of tests.")),
    Category("pupil.results.reports", _("School reports"), _("Reports and progress overviews.")),
    Category(
        "pupil.results.central_exam",
        _("Central exam results"),
        _("Results of the central final exams (secondary schools)."),
    ),
    Category(
        "pupil.observations",
        _("Observations"),
        _("Teachers' observations of learning, behaviour and wellbeing."),
    ),
    Category(
        "pupil.care.notes",
        _("Care and guidance notes"),
        _("Notes from care meetings, conversations with parents and guidance plans."),
    ),
    Category(
        "pupil.care.measures",
        _("Support measures"),
        _("What the pupil needs in class, such as extra time for tests or reading software."),
    ),
    Category(
        "pupil.care.diagnosis",
        _("Diagnoses and health"),
        _("Diagnoses such as dyslexia or ADHD, reports from specialists, medical information."),
        _S,
    ),
    Category(
        "pupil.care.referral",
        _("Referral to special education"),
        _("Referral and admission decisions for special (secondary) education."),
    ),
    Category("pupil.religion", _("Religion or belief"), _("Religion or belief."), _S),
    Category(
        "pupil.image", _("Photos and video"), _("Photos and video in which the pupil is seen.")
    ),
    Category("pupil.account", _("Sign-in account"), _("Sign-in account of a pupil aged 16+.")),
    Category("guardian.identity", _("Parent's name"), _("Names of parents and guardians.")),
    Category(
        "guardian.contact",
        _("Parent's contact details"),
        _("Address, phone numbers and email addresses of parents and guardians."),
    ),
    Category(
        "guardian.authority",
        _("Parental authority"),
        _("Who has parental authority, recognition, and any court order limiting information."),
    ),
    Category("staff.identity", _("Staff name"), _("Names of staff members.")),
    Category("staff.contact", _("Staff contact details"), _("Work email address.")),
    Category(
        "staff.assignments", _("Staff roles"), _("Roles, schools and groups of staff members.")
    ),
    Category(
        "staff.activity",
        _("Staff activity log"),
        _("Who did what and when in this system, for accountability (audit log)."),
    ),
)

BY_KEY: dict[str, Category] = {c.key: c for c in CATEGORIES}

SUBJECT_LABELS: dict[Subject, Promise] = {
    Subject.PUPIL: _("pupils"),
    Subject.GUARDIAN: _("parents and guardians"),
    Subject.STAFF: _("staff"),
}
CLASSIFICATION_LABELS: dict[Classification, Promise] = {
    Classification.ORDINARY: _("ordinary"),
    Classification.SPECIAL: _("special"),
    Classification.NATIONAL_IDENTIFIER: _("national identifier"),
}


def category(key: str) -> Category:
    """The category for a key; KeyError names the unknown key so a typo fails loudly."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"Unknown data category {key!r}; see register/taxonomy.py") from None
