"""Reads for the parent portal, composed from the people and schools apps.

Every function here takes a pupil that the caller already got through
`access.parents.get_child_for_parent`, so access was decided before these run.
"""

from django.db.models import Q
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import Group


def current_group_of(pupil: Pupil) -> Group | None:
    today = timezone.localdate()
    membership = (
        GroupMembership.objects.filter(board_id=pupil.board_id, pupil=pupil)
        .filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("group", "group__school_year")
        .order_by("-starts_on")
        .first()
    )
    return membership.group if membership else None


def guardian_of(user: User, pupil: Pupil) -> Guardian:
    """The parent's own record at the child's school: what the school has on file about them.
    One account may stand for a record at each school of the board (people.accounts)."""
    return Guardian.objects.get(board_id=pupil.board_id, user=user, relations__pupil=pupil)


def relation_to(user: User, pupil: Pupil) -> GuardianRelation:
    return GuardianRelation.objects.select_related("board").get(
        board_id=pupil.board_id, guardian__user=user, pupil=pupil
    )
