"""What a parent may see online: which children, decided here and nowhere else (contract 2).

- Only parents and guardians with parental authority and without an information restriction. A
  parent without authority receives important information on request (BW 1:377c), not through
  the portal.
- A link that ended (the import no longer lists this guardian) shows nothing any more.
- Pupils of 18 and older decide themselves what their parents may see (domain.md, Parents).
  Parental authority ends at 18, so by default parents no longer see an adult pupil's data until
  the pupil allows it (`Pupil.parents_may_see_as_adult`). The choice is all or nothing for now.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil

# domain.md, Parents: "Pupils 18+ decide themselves what their parents may see."
ADULT_AGE = 18


def adult_born_on_or_before(day: date) -> date:
    """Pupils born on or before this date are 18 or older on `day`."""
    try:
        return day.replace(year=day.year - ADULT_AGE)
    except ValueError:  # 29 February: the birthday counts from 1 March
        return day.replace(year=day.year - ADULT_AGE, day=28)


def children_for(user: User, *, on: date | None = None) -> QuerySet[Pupil]:
    """Children whose data this parent may see online today."""
    board_id = board_id_of(user)
    if board_id is None or not user.is_parent:
        return Pupil.objects.none()
    day = on or timezone.localdate()
    adult = Q(date_of_birth__lte=adult_born_on_or_before(day))
    return (
        Pupil.objects.filter(
            Q(guardian_relations__ends_on__isnull=True) | Q(guardian_relations__ends_on__gt=day),
            board_id=board_id,
            guardian_relations__guardian__user=user,
            guardian_relations__has_parental_authority=True,
            guardian_relations__information_restriction="",
        )
        .exclude(adult & Q(parents_may_see_as_adult=False))
        .select_related("school")
        .distinct()
    )


def get_child_for_parent(user: User, pupil_id: int) -> Pupil:
    """The child, or 404 for a parent who may not see them online (never a 403)."""
    return get_object_or_404(children_for(user), id=pupil_id)


def is_adult(pupil: Pupil, *, on: date | None = None) -> bool:
    return pupil.date_of_birth <= adult_born_on_or_before(on or timezone.localdate())


@transaction.atomic
def parents_see_adult_set(
    *, actor: User, pupil: Pupil, allowed: bool, channel: str = "web"
) -> None:
    """The adult pupil lets their parents see their data online again, or stops it.

    Only the pupil themself, from 18 (domain.md, Parents): nobody decides this for them.
    """
    if pupil.user_id is None or pupil.user_id != actor.pk or not is_adult(pupil):
        raise PermissionDenied
    if pupil.parents_may_see_as_adult == allowed:
        return
    pupil.parents_may_see_as_adult = allowed
    pupil.save(update_fields=["parents_may_see_as_adult"])
    audit_record(
        action="people.pupil.parents_access_changed",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PUPIL, pupil.pk)],
        fields=["parents_may_see_as_adult"],
        context={"allowed": allowed},
        channel=channel,
    )
