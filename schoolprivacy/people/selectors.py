"""Reads of pupils and guardians, already limited to what the acting user may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of as user_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import GuardianRelation


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
