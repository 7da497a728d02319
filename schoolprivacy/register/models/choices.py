"""The fixed vocabularies of the register: stored as codes, shown through gettext.

Codes are stored in JSON lists and in version snapshots for years, so they are never renamed; add
a new code instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """GDPR art. 6(1). Schools are public bodies or do public work: they mostly rely on (c) and
    (e). Legitimate interest (f) may not be used for the public task itself (art. 6(1), last
    sentence), and consent (a) only where the parent or pupil is truly free to say no."""

    CONSENT = "a", _("(a) consent")
    CONTRACT = "b", _("(b) contract")
    LEGAL_OBLIGATION = "c", _("(c) legal obligation")
    PUBLIC_TASK = "e", _("(e) public task")
    LEGITIMATE_INTEREST = "f", _("(f) legitimate interest")


class Source(models.TextChoices):
    """Where the data comes from (GDPR art. 14(2)(f) asks us to tell)."""

    PARENTS = "parents", _("parents, at enrolment and later")
    PUPIL = "pupil", _("the pupil")
    TEACHERS = "teachers", _("teachers and other school staff")
    PUPIL_ADMINISTRATION = "pupil_administration", _("import from the pupil administration")
    DUO = "duo", _("DUO")
    PREVIOUS_SCHOOL = "previous_school", _("the previous school")
    SPECIALISTS = "specialists", _("external specialists, with consent")
    STAFF_MEMBER = "staff_member", _("the staff member")
    SYSTEM = "system", _("recorded automatically by the system")


class SchoolKind(models.TextChoices):
    """Which schools an activity applies to; the public statement of a school shows only those."""

    ALL = "", _("all schools")
    PRIMARY = "primary", _("primary schools only")
    SECONDARY = "secondary", _("secondary schools only")


class RetentionEvent(models.TextChoices):
    """The moment a retention period starts counting (domain.md: retention is event-based)."""

    PUPIL_LEFT = "pupil_left", _("the pupil leaves the school")
    DEENROLMENT = "deenrolment", _("de-enrolment")
    STAFF_LEFT = "staff_left", _("the staff member leaves")
    PURPOSE_ENDED = "purpose_ended", _("the purpose ends or consent is withdrawn")
    CREATED = "created", _("the data is recorded")
