"""Reads of pupils and guardians, already limited to what the acting user may see."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of as user_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.schools.models import Group


def pupils_in_group(group: Group) -> QuerySet[Pupil]:
    """Pupils currently in a group. Callers must have got `group` through `groups_for(user)`."""
    today = timezone.localdate()
    return (
        Pupil.objects.filter(board_id=group.board_id, school_id=group.school_id)
        .filter(memberships__group=group, memberships__starts_on__lte=today)
        .filter(Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .distinct()
        .order_by("surname", "first_name")
    )


def relations_for_parent(user: User) -> QuerySet[GuardianRelation]:
    """The parent's links to children, with authority and restrictions, for the portal."""
    board_id = user_board_id(user)
    if board_id is None or not user.is_parent:
        return GuardianRelation.objects.none()
    return (
        GuardianRelation.objects.filter(board_id=board_id, guardian__user=user)
        # A link that ended (the import no longer lists this guardian) is gone from the portal.
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=timezone.localdate()))
        .select_related("pupil", "pupil__school")
        .order_by("pupil__first_name")
    )


def children_for(user: User) -> QuerySet[Pupil]:
    """Children whose data this parent may see online.

    Only parents and guardians with parental authority and without an information restriction.
    A parent without authority receives information on request (BW 1:377c), not through the
    portal.
    """
    board_id = user_board_id(user)
    if board_id is None:
        return Pupil.objects.none()
    today = timezone.localdate()
    return Pupil.objects.filter(
        Q(guardian_relations__ends_on__isnull=True) | Q(guardian_relations__ends_on__gt=today),
        board_id=board_id,
        guardian_relations__guardian__user=user,
        guardian_relations__has_parental_authority=True,
        guardian_relations__information_restriction="",
    ).select_related("school")


def get_child_for_parent(user: User, pupil_id: int) -> Pupil:
    return get_object_or_404(children_for(user), id=pupil_id)
