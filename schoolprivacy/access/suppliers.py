"""Who may do what with the processor register and roster exports (issue 15).

- The privacy officer and the functional administrator keep the register for their board:
  suppliers, agreements, data flows, the end of agreements.
- Only the privacy officer approves an extra field of a data set (domain.md: extra fields need a
  dated approval by the privacy officer).
- The administration of a school makes the exports of that school, under an agreement that
  names the school: enrolment data is theirs to keep (design.md §2), and a roster is built from it.
- Anyone else gets nothing (404).

Hooked into `access.policy` (its public API re-exports these), so views and the API of
`suppliers` ask the policy and never look at roles themselves (decision 0023).
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.access.selectors import employed_on, scope_for
from schoolprivacy.accounts.models import User

REGISTER_KEEPERS = frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN})
FIELD_APPROVERS = frozenset({Role.PRIVACY_OFFICER})
EXPORTERS = frozenset({Role.ADMINISTRATION})


def supplier_register_board(user: User) -> int | None:
    """The board whose processor register the user keeps; None for everyone else."""
    scope = scope_for(user)
    if scope.board_id is None or not scope.roles & REGISTER_KEEPERS:
        return None
    return scope.board_id


def field_approval_board(user: User) -> int | None:
    """The board for which the user may approve extra fields of data sets."""
    scope = scope_for(user)
    if scope.board_id is None or not scope.roles & FIELD_APPROVERS:
        return None
    return scope.board_id


def export_school_ids(user: User) -> frozenset[int]:
    """The schools whose roster exports the user may make."""
    scope = scope_for(user)
    found: set[int] = set()
    for role in EXPORTERS:
        found |= scope.schools_by_role.get(role, frozenset())
    return frozenset(found)


def supplier_reader_board(user: User) -> int | None:
    """The board of anyone who keeps the register or makes exports (they see the agreements)."""
    board = supplier_register_board(user)
    if board is not None:
        return board
    return scope_for(user).board_id if export_school_ids(user) else None


def group_teacher_names(
    group_ids: Iterable[int], *, on: date
) -> dict[int, list[tuple[int, str, str]]]:
    """The teachers assigned to each group on `on`, as (staff id, first name, family name with
    its prefix), for a roster's teacher field.

    Data for an export the administration makes under an agreement, not a decision on access.
    """
    found: dict[int, list[tuple[int, str, str]]] = {}
    rows = (
        Assignment.objects.filter(group_id__in=list(group_ids), role=Role.TEACHER)
        .filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(employed_on(on, prefix="staff__"))
        .select_related("staff")
        .order_by("staff__surname", "staff__first_name", "staff_id")
    )
    for assignment in rows:
        assert assignment.group_id is not None
        staff = assignment.staff
        teachers = found.setdefault(assignment.group_id, [])
        if all(t[0] != staff.pk for t in teachers):
            family = " ".join(p for p in (staff.surname_prefix, staff.surname) if p)
            teachers.append((staff.pk, staff.first_name, family))
    return found
