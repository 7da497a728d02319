"""Who may record a disclosure to another organisation, and who sees a pupil's disclosures.

Decided here, from a table keyed by recipient (the keys of `disclosures.recipients`), so that the
disclosures app looks at no role itself (decision 0023). The staff member must also be able to
see the pupil (`access.policy.visible_pupils`): nobody shares data about a pupil they cannot see.

- Legal reporting (leerplicht, DUO) is the administration's work; the director runs the school.
- Care-related sharing (samenwerkingsverband, youth care, GGD, specialists) is the care
  coordinator's, with the director.
- A report under the meldcode (Veilig Thuis) is made by the care coordinator or the director,
  who act as the school's designated safeguarding lead (aandachtsfunctionaris); teachers bring
  their worries to them.
- Police or the public prosecutor: the director, who answers for the school.
"""

from django.db.models import QuerySet

from schoolprivacy.access.models import Role
from schoolprivacy.access.policy import visible_pupils
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil

_ADMIN, _CARE, _DIRECTOR = Role.ADMINISTRATION, Role.CARE_COORDINATOR, Role.LOCATION_DIRECTOR

DISCLOSE_ROLES: dict[str, frozenset[Role]] = {
    "leerplicht": frozenset({_ADMIN, _DIRECTOR}),
    "duo": frozenset({_ADMIN, _DIRECTOR}),
    "inspectie": frozenset({_ADMIN, _DIRECTOR, _CARE}),
    "samenwerkingsverband": frozenset({_CARE, _DIRECTOR}),
    "next_school": frozenset({_ADMIN, _CARE, _DIRECTOR}),
    "youth_care": frozenset({_CARE, _DIRECTOR}),
    "ggd": frozenset({_CARE, _DIRECTOR}),
    "veilig_thuis": frozenset({_CARE, _DIRECTOR}),
    "police": frozenset({_DIRECTOR}),
    "specialist": frozenset({_CARE, _DIRECTOR}),
    "researcher": frozenset({_DIRECTOR}),
}
# Who sees the list of a pupil's disclosures (and decides, under the meldcode, when the parents
# may see one): anyone who may record some disclosure at the pupil's school.
SEE_ROLES: frozenset[Role] = frozenset().union(*DISCLOSE_ROLES.values())


def _roles_at(user: User, school_id: int) -> frozenset[str]:
    scope = scope_for(user)
    return frozenset(r for r, schools in scope.schools_by_role.items() if school_id in schools)


def may_disclose(user: User, pupil: Pupil, recipient_key: str) -> bool:
    """May this staff member record a disclosure of this pupil's data to this kind of recipient."""
    roles = DISCLOSE_ROLES.get(recipient_key, frozenset())
    if not roles & _roles_at(user, pupil.school_id):
        return False
    return visible_pupils(user).filter(pk=pupil.pk).exists()


def recipients_for(user: User, pupil: Pupil) -> list[str]:
    """The recipient keys this staff member may record for this pupil (table order)."""
    held = _roles_at(user, pupil.school_id)
    return [key for key, roles in DISCLOSE_ROLES.items() if roles & held]


def disclosure_pupils(user: User) -> QuerySet[Pupil]:
    """Pupils whose disclosures the user may list: visible, at a school where they hold a role
    that records disclosures."""
    scope = scope_for(user)
    schools: set[int] = set()
    for role in SEE_ROLES:
        schools |= scope.schools_by_role.get(role, frozenset())
    if not schools:
        return Pupil.objects.none()
    return visible_pupils(user).filter(school_id__in=schools)
