"""Who may do which task (beside `access.policy`, which answers who may read which category).

Tasks that are not "read this category of this pupil" — importing, recording a paper consent
form, resolving a dispute, keeping the register, reading the audit log, administering the board
— are decided here, from two tables keyed by task, so that no view, form or service outside
`access` looks at roles itself (issue 11 §3; a test walks the source to keep it that way).

A school duty holds at the schools where the user has one of its roles today; a board duty holds
for the whole board of a user with one of its roles today. Employment end dates and assignment
dates are already applied by `scope_for`.
"""

from datetime import date
from enum import StrEnum

from django.db.models import QuerySet

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import role_holders, scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil


class Duty(StrEnum):
    # --- school duties (a role at the school concerned) ---
    IMPORT = "imports.run"
    RECORD_PAPER_CONSENT = "consents.paper"
    OPEN_DISPUTE = "consents.dispute.open"
    RESOLVE_DISPUTE = "consents.dispute.resolve"
    SEE_CONSENT_NAMES = "consents.names"
    APPROVE_GRANTS = "access.grants.approve"
    ACT_ON_TAKEDOWNS = "photos.takedowns"
    OPEN_BREAK_GLASS = "access.break_glass.open"
    # --- board duties (a board role) ---
    OVERSEE = "access.oversee"  # audit log, emergency-access list, register, consent counts
    SEE_FULL_REGISTER = "register.full"
    ADMINISTER = "admin.structure"  # /beheer/: accounts, schools, groups, staff, assignments
    ADMINISTER_PUPIL_DATA = "admin.pupil_data"


# Roles that hold a duty at the school where they work (design.md §2).
SCHOOL_DUTIES: dict[Duty, frozenset[Role]] = {
    # Only the administration imports the pupil administration's exports (design.md §2).
    Duty.IMPORT: frozenset({Role.ADMINISTRATION}),
    # Paper consent forms: the administration, and the director who runs the school.
    Duty.RECORD_PAPER_CONSENT: frozenset({Role.ADMINISTRATION, Role.LOCATION_DIRECTOR}),
    # Staff who hear that the parents disagree may stop processing (domain.md, Consent).
    Duty.OPEN_DISPUTE: frozenset(
        {Role.ADMINISTRATION, Role.LOCATION_DIRECTOR, Role.CARE_COORDINATOR}
    ),
    Duty.RESOLVE_DISPUTE: frozenset({Role.LOCATION_DIRECTOR}),
    # Names in school-wide consent lists: the roles that read every pupil of the school.
    Duty.SEE_CONSENT_NAMES: frozenset(
        {Role.ADMINISTRATION, Role.LOCATION_DIRECTOR, Role.CARE_COORDINATOR}
    ),
    Duty.APPROVE_GRANTS: frozenset({Role.LOCATION_DIRECTOR}),
    # The director answers photo questions (design.md §2), so acts on takedowns.
    Duty.ACT_ON_TAKEDOWNS: frozenset({Role.LOCATION_DIRECTOR}),
    # Decision 0023 (narrowing 0005): staff of the pupil's school who may already see the
    # pupil's name (access.services.may_open_break_glass adds that condition).
    Duty.OPEN_BREAK_GLASS: frozenset(
        {Role.TEACHER, Role.CARE_COORDINATOR, Role.LOCATION_DIRECTOR, Role.ADMINISTRATION}
    ),
}

# Roles that hold a duty for their whole board.
BOARD_DUTIES: dict[Duty, frozenset[Role]] = {
    Duty.OVERSEE: frozenset({Role.PRIVACY_OFFICER}),
    Duty.SEE_FULL_REGISTER: frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN}),
    # The privacy officer approves exceptions for every school of the board.
    Duty.APPROVE_GRANTS: frozenset({Role.PRIVACY_OFFICER}),
    # Decision 0023: no board role opens emergency access. The privacy officer reviews every
    # emergency access and cannot review their own; the functional administrator has no task
    # with pupils at all.
    Duty.OPEN_BREAK_GLASS: frozenset(),
    Duty.ADMINISTER: frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN}),
    # Nobody reads pupil data in the admin: board roles have no routine pupil reads, and the
    # admin keeps no read log (decision 0023). Pupil data comes in through imports.
    Duty.ADMINISTER_PUPIL_DATA: frozenset(),
}

# Roles nobody may give themselves (admin, services): every role. A role change needs a second
# person, so nobody widens their own access (issue 11 §2).
SELF_ASSIGNABLE_ROLES: frozenset[Role] = frozenset()


def staff_board_id(user: User) -> int | None:
    """The board of a staff member with any current assignment; None for everyone else."""
    scope = scope_for(user)
    return scope.board_id if scope.roles else None


def works_at_a_school(user: User) -> bool:
    """Holds a school role today (board roles have no pupils of their own)."""
    return bool(scope_for(user).school_ids)


def duty_holders(*, school_id: int, duty: Duty, on: date | None = None) -> QuerySet[User]:
    """Accounts of the staff who hold a school duty at the school today (to tell them things)."""
    roles = SCHOOL_DUTIES.get(duty, frozenset())
    return role_holders(school_id=school_id, roles=roles, on=on)


def board_of_duty(user: User, duty: Duty) -> int | None:
    """The board for which the user holds a board duty today; None otherwise."""
    scope = scope_for(user)
    if scope.board_id is None or not scope.roles & BOARD_DUTIES.get(duty, frozenset()):
        return None
    return scope.board_id


def duty_school_ids(user: User, duty: Duty) -> frozenset[int]:
    """The schools where the user holds a school duty today (board duties not included)."""
    scope = scope_for(user)
    found: set[int] = set()
    for role in SCHOOL_DUTIES.get(duty, frozenset()):
        found |= scope.schools_by_role.get(role, frozenset())
    return frozenset(found)


def may(
    user: User, duty: Duty, *, school_id: int | None = None, board_id: int | None = None
) -> bool:
    """May the user do `duty` — at `school_id`, for `board_id`, or anywhere when neither is given.

    A board duty needs the user's board to be `board_id` when given (a school of another board
    is never in the user's scope, so `school_id` needs no board check).
    """
    on_board = board_of_duty(user, duty)
    if on_board is not None and (board_id is None or board_id == on_board):
        return True
    schools = duty_school_ids(user, duty)
    if school_id is None:
        return bool(schools) and board_id in (None, scope_for(user).board_id)
    return school_id in schools


def may_for_pupil(user: User, duty: Duty, pupil: Pupil) -> bool:
    """May the user do `duty` for this pupil (a school duty at the pupil's school, or a board duty
    on the pupil's board)."""
    if scope_for(user).board_id != pupil.board_id:
        return False
    return may(user, duty, school_id=pupil.school_id, board_id=pupil.board_id)


def may_assign_role(actor: User, *, staff_user_id: int | None, role: str) -> bool:
    """May `actor` give the staff member with account `staff_user_id` the role `role`?

    Nobody gives themselves a role the policy forbids for oneself (SELF_ASSIGNABLE_ROLES).
    """
    if staff_user_id is not None and staff_user_id == actor.pk:
        return role in SELF_ASSIGNABLE_ROLES
    return True
