"""Reads of schools and groups, already limited to what the acting user may open.

In `access`, not `schools`: which schools a user may open follows from their roles, and schools
sits below access (design.md section 3)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.schools.models import Group, School

# School roles that see every group of their school.
SCHOOL_WIDE_ROLES = (Role.LOCATION_DIRECTOR, Role.CARE_COORDINATOR, Role.ADMINISTRATION)


def schools_for(user: User) -> QuerySet[School]:
    scope = scope_for(user)
    if scope.board_id is None:
        return School.objects.none()
    if scope.board_roles:
        return School.objects.filter(board_id=scope.board_id)
    return (
        School.objects.filter(board_id=scope.board_id)
        .filter(Q(id__in=scope.school_ids) | Q(groups__id__in=scope.group_ids))
        .distinct()
    )


def get_school_for_user(user: User, school_id: int) -> School:
    """The school, or 404 for anyone who does not work there (never a 403 that confirms it)."""
    return get_object_or_404(schools_for(user), id=school_id)


def groups_for(user: User) -> QuerySet[Group]:
    """Groups whose pupil lists the user may open.

    Board roles (privacy officer, functional administrator) get none: they have no routine
    access to pupil data.
    """
    scope = scope_for(user)
    if scope.board_id is None:
        return Group.objects.none()
    school_wide = set().union(
        *(scope.schools_by_role.get(role, frozenset()) for role in SCHOOL_WIDE_ROLES)
    )
    return (
        Group.objects.filter(board_id=scope.board_id)
        .filter(Q(id__in=scope.group_ids) | Q(school_id__in=school_wide))
        .select_related("school", "school_year")
    )


def get_group_for_user(user: User, group_id: int) -> Group:
    return get_object_or_404(groups_for(user), id=group_id)
