"""The register's codes in plain words for parents and pupils (the public statement).

Short sentences, no jargon, each through gettext as a whole so a translator can reorder it.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.models import Role
from schoolprivacy.register.models.choices import LegalBasis

# Why we may do it (GDPR art. 6), said the way a parent would ask it: "why are you allowed to?"
BASIS_REASON: dict[str, Promise] = {
    LegalBasis.LEGAL_OBLIGATION: _("Because the law requires it."),
    LegalBasis.PUBLIC_TASK: _(
        "Because it is needed for the task the law gives schools: teaching and guiding pupils."
    ),
    LegalBasis.CONSENT: _(
        "Only with consent. Parents with parental authority give or refuse it; from the age of "
        "16 the pupil decides. Consent can be withdrawn at any time."
    ),
    LegalBasis.CONTRACT: _("Because it is needed for an agreement with the person concerned."),
    LegalBasis.LEGITIMATE_INTEREST: _(
        "Because the school has a legitimate interest that outweighs the privacy interest. You "
        "may object to it."
    ),
}

# The same basis, short, for a recipient: "DUO (required by law)".
RECIPIENT_BASIS: dict[str, Promise] = {
    LegalBasis.LEGAL_OBLIGATION: _("required by law"),
    LegalBasis.PUBLIC_TASK: _("for a public task"),
    LegalBasis.CONSENT: _("only with consent"),
    LegalBasis.CONTRACT: _("for an agreement"),
    LegalBasis.LEGITIMATE_INTEREST: _("for a legitimate interest"),
}

# Who may see it: the roles as a parent would recognise them.
ROLE_WORDS: dict[str, Promise] = {
    Role.TEACHER: _("the teachers and mentors of the pupil's own group or class"),
    Role.CARE_COORDINATOR: _("the care coordinator (intern begeleider or zorgcoördinator)"),
    Role.LOCATION_DIRECTOR: _("the school director"),
    Role.ADMINISTRATION: _("the school administration"),
    Role.PRIVACY_OFFICER: _("the board's privacy officer, to supervise"),
    Role.FUNCTIONAL_ADMIN: _("the functional administrator, for technical support only"),
}


def gdpr_reference(basis: str) -> str:
    """ "GDPR art. 6(1)(c)": the reference a lawyer looks for, next to the plain words."""
    return str(_("GDPR art. 6(1)(%(letter)s)")) % {"letter": basis}
