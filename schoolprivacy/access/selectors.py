"""Which schools and groups a user is assigned to now; grants and emergency access to oversee.

This answers "where does this user work today"; `access.policy` turns it into "may see this
category of this pupil". Nothing else should read Assignment rows directly. The grants and
emergency accesses below are read here for the people who oversee them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.access.models import BOARD_ROLES, Assignment, BreakGlassAccess, Grant, Role
from schoolprivacy.access.user_facts import UserFacts, user_facts
from schoolprivacy.accounts.boards import board_id_of as user_board_id
from schoolprivacy.accounts.models import User


@dataclass(frozen=True)
class Scope:
    """The current assignments of one user, resolved to IDs so checks need no more queries."""

    board_id: int | None
    roles: frozenset[str] = frozenset()
    # role -> school IDs where the user holds that role.
    schools_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    group_ids: frozenset[int] = frozenset()

    @property
    def school_ids(self) -> frozenset[int]:
        return frozenset().union(*self.schools_by_role.values())

    @property
    def board_roles(self) -> frozenset[str]:
        return self.roles & BOARD_ROLES

    def has_role(self, role: Role, *, school_id: int | None = None) -> bool:
        if school_id is None:
            return role in self.roles
        return school_id in self.schools_by_role.get(role, frozenset())


def employed_on(day: date, *, prefix: str = "") -> Q:
    """Staff whose employment has not ended on `day`: the end of employment ends every
    assignment, whatever the assignment's own end date says (issue 11 §4)."""
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})


def current_assignments(user: User, *, on: date | None = None) -> QuerySet[Assignment]:
    day = on or timezone.localdate()
    board_id = user_board_id(user)
    if board_id is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(staff__user=user, staff__board_id=board_id)
        .filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(employed_on(day, prefix="staff__"))
        .select_related("school", "group", "group__school_year")
        .order_by("role", "school__name", "group__name")
    )


def scope_for(user: User, *, on: date | None = None) -> Scope:
    """Resolve a user's current assignments once; cache it on the user for the request.

    The assignments come with the user's grants and emergency accesses in one statement
    (`access.user_facts`, decision 0055), so a page that asks the policy anything reads them once.
    """
    cache_key = f"_access_scope_{on.isoformat() if on else 'today'}"
    cached: Scope | None = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    if getattr(user, "kind", None) != User.Kind.STAFF:
        scope = Scope(board_id=user_board_id(user))
    else:
        scope = scope_from(user, user_facts(user, on))
    setattr(user, cache_key, scope)
    return scope


def scope_from(user: User, facts: UserFacts) -> Scope:
    """The `Scope` of a staff user's facts (`access.user_facts`)."""
    if facts.board_id is None:  # no staff record: no assignments either
        return Scope(board_id=user_board_id(user))
    schools_by_role: dict[str, set[int]] = {}
    group_ids: set[int] = set()
    roles: set[str] = set()
    for role, school_id, group_id in facts.assignments:
        roles.add(role)
        if school_id is not None:
            schools_by_role.setdefault(role, set()).add(school_id)
        if group_id is not None:
            group_ids.add(group_id)
    return Scope(
        board_id=facts.board_id,
        roles=frozenset(roles),
        schools_by_role={r: frozenset(s) for r, s in schools_by_role.items()},
        group_ids=frozenset(group_ids),
    )


# --- Exception grants and emergency access, for the people who oversee them ---------------------


def privacy_officer_board_id(user: User) -> int | None:
    """The board of a current privacy officer; None for everyone else."""
    scope = scope_for(user)
    if scope.board_id is None or not scope.has_role(Role.PRIVACY_OFFICER):
        return None
    return scope.board_id


def grants_for_approver(user: User) -> QuerySet[Grant]:
    """Grants the user may see and revoke: the privacy officer the board's, a location director
    their schools'. Everyone else none."""
    scope = scope_for(user)
    if scope.board_id is None:
        return Grant.objects.none()
    grants = Grant.objects.filter(board_id=scope.board_id).select_related(
        "school", "group", "grantee", "approved_by", "revoked_by"
    )
    if scope.has_role(Role.PRIVACY_OFFICER):
        return grants
    director_of = scope.schools_by_role.get(Role.LOCATION_DIRECTOR, frozenset())
    return grants.filter(school_id__in=director_of)


def get_grant_for_approver(user: User, grant_id: int) -> Grant:
    return get_object_or_404(grants_for_approver(user), pk=grant_id)


def break_glass_for_officer(user: User) -> QuerySet[BreakGlassAccess]:
    """Every emergency access of the board, newest first; only for its privacy officer."""
    board_id = privacy_officer_board_id(user)
    if board_id is None:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(board_id=board_id)
        .select_related("staff", "pupil", "pupil__school")
        .order_by("-opened_at")
    )


def role_holders(
    *, school_id: int, role: Role | None = None, roles: Iterable[Role] = (), on: date | None = None
) -> QuerySet[User]:
    """Sign-in accounts of the staff who hold `role` (or one of `roles`) at the school today (to
    tell them things)."""
    day = on or timezone.localdate()
    wanted = [*roles, *([role] if role is not None else [])]
    assigned = (
        Assignment.objects.filter(school_id=school_id, role__in=wanted, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(employed_on(day, prefix="staff__"))
    )
    return User.objects.filter(is_active=True, staff__in=assigned.values("staff_id")).distinct()
