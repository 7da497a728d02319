"""Who may see which photos (`pupil.image`), decided from the policy's own tables.

Photos belong to a school and often to a group, not to one pupil, so the question is "which
schools and groups", answered here once per request from the same facts as `access.policy`:

- roles that read `pupil.image` school-wide in `ROUTINE_READS` (location director, care
  coordinator) see every photo of their school;
- a teacher (if the table gives teachers `pupil.image`) sees the photos of the groups they teach
  today, and their own uploads without a group at the schools of those groups only: someone who
  left a school no longer sees what they uploaded there (issue 11 §3);
- an active exception grant for `pupil.image` adds its school or group (grants are the policy's
  dated exceptions; a grant for some pupils adds nothing here, since photos are not per pupil);
- employment end dates and assignment dates are applied by `scope_for`, so leavers see nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from schoolprivacy.access.facts import user_grants
from schoolprivacy.access.models import Grant, Role
from schoolprivacy.access.policy import ROUTINE_READS, SCHOOL_RULE_ROLES
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.schools.models import Group

IMAGE = "pupil.image"


@dataclass(frozen=True)
class ImageScope:
    board_id: int | None
    # Schools where the user sees every photo.
    school_ids: frozenset[int] = frozenset()
    # Groups whose photos the user sees (and may file photos under).
    group_ids: frozenset[int] = frozenset()
    # Schools where the user's own uploads without a group stay visible to them.
    own_upload_school_ids: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return bool(self.school_ids or self.group_ids)


def image_scope(user: User, *, on: date | None = None) -> ImageScope:
    day = on or timezone.localdate()
    scope = scope_for(user, on=on)
    if scope.board_id is None or not scope.roles:
        return ImageScope(board_id=scope.board_id)
    schools: set[int] = set()
    for role in SCHOOL_RULE_ROLES:
        if IMAGE in ROUTINE_READS[role]:
            schools |= scope.schools_by_role.get(role, frozenset())
    groups: set[int] = set(scope.group_ids) if IMAGE in ROUTINE_READS[Role.TEACHER] else set()
    for grant in user_grants(user, scope.board_id, day):
        if grant.category_key != IMAGE:
            continue
        if grant.scope == Grant.Scope.SCHOOL and grant.school_id is not None:
            schools.add(grant.school_id)
        elif grant.scope == Grant.Scope.GROUP and grant.group_id is not None:
            groups.add(grant.group_id)
    group_schools = (
        set(
            Group.objects.filter(pk__in=groups, board_id=scope.board_id).values_list(
                "school_id", flat=True
            )
        )
        if groups
        else set()
    )
    return ImageScope(
        board_id=scope.board_id,
        school_ids=frozenset(schools),
        group_ids=frozenset(groups),
        own_upload_school_ids=frozenset(schools | group_schools),
    )
