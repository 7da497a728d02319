"""What each role may see and do, read from the policy itself (policy.py, duties.py) for the
roles page (issue 19): nothing here repeats a rule, so the page cannot drift from what the
product decides. Only the duties' names for people live here."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.duties import BOARD_DUTIES, SCHOOL_DUTIES, Duty
from schoolprivacy.access.models import BOARD_ROLES, Role
from schoolprivacy.access.policy import (
    LEFT_PUPIL_ROLES,
    LEFT_PUPIL_VISIBLE_YEARS,
    ROUTINE_READS,
    ROUTINE_WRITES,
    SCHOOL_RULE_ROLES,
)
from schoolprivacy.taxonomy import CATEGORIES

DUTY_NAMES: dict[Duty, Promise] = {
    Duty.IMPORT: _("import the pupil administration"),
    Duty.RECORD_PAPER_CONSENT: _("record paper consent forms"),
    Duty.OPEN_DISPUTE: _("record that parents disagree"),
    Duty.RESOLVE_DISPUTE: _("resolve a disagreement between parents"),
    Duty.SEE_CONSENT_NAMES: _("see names in school-wide consent lists"),
    Duty.APPROVE_GRANTS: _("approve exceptions to the access rules"),
    Duty.ACT_ON_TAKEDOWNS: _("take down published photos"),
    Duty.OPEN_BREAK_GLASS: _("open emergency access to a pupil"),
    Duty.OVERSEE: _("oversee: audit log, emergency access, register, consent counts"),
    Duty.SEE_FULL_REGISTER: _("see the full processing register"),
    Duty.ADMINISTER: _("manage staff accounts, roles and the technical administration"),
    Duty.ADMINISTER_PUPIL_DATA: _("change pupil data in the technical administration"),
}


@dataclass(frozen=True)
class RoleOverview:
    role: Role
    scope: Promise
    reads: list[Promise]
    writes: list[Promise]
    sees_left_pupils: bool
    duties: list[Promise]


def _scope(role: Role) -> Promise:
    if role in BOARD_ROLES:
        return _("the whole board")
    if role in SCHOOL_RULE_ROLES:
        return _("the pupils of their school")
    return _("the pupils of their current groups")


def role_overviews() -> list[RoleOverview]:
    overviews = []
    for role in Role:
        reads = ROUTINE_READS.get(role, frozenset())
        writes = ROUTINE_WRITES.get(role, frozenset())
        duties = [
            DUTY_NAMES[duty]
            for duty in Duty
            if role in SCHOOL_DUTIES.get(duty, frozenset())
            or role in BOARD_DUTIES.get(duty, frozenset())
        ]
        overviews.append(
            RoleOverview(
                role=role,
                scope=_scope(role),
                reads=[c.label for c in CATEGORIES if c.key in reads],
                writes=[c.label for c in CATEGORIES if c.key in writes],
                sees_left_pupils=role in LEFT_PUPIL_ROLES,
                duties=duties,
            )
        )
    return overviews


__all__ = ["LEFT_PUPIL_VISIBLE_YEARS", "RoleOverview", "role_overviews"]
