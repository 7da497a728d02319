"""What the need-to-know policy must know about one user and one pupil, in a few queries.

Kept apart from `access.policy` so that module reads as the rules alone. Nothing here decides
anything: it turns the user's facts into the facts about one pupil (their groups among the
user's, the grants that cover them, open emergency access), and gives `visible_pupils` the
conditions for grants as subqueries.

The user's board, assignments, grants, open emergency accesses and the members of their groups
come in one statement (`access.user_facts`, decision 0055); they and the facts about one pupil
are read once per request (`lib.request_memo`, decision 0052): a pupil page asks about the same
pupil for the page, the read log and the record form. Outside a request every call reads afresh.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone

from schoolprivacy.access.models import BreakGlassAccess, Grant
from schoolprivacy.access.selectors import Scope, scope_from
from schoolprivacy.access.user_facts import GrantRow, UserFacts, user_facts
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.request_memo import memoised
from schoolprivacy.people.models import GroupMembership, Pupil


@dataclass(frozen=True)
class Facts:
    scope: Scope
    day: date
    pupil_group_ids: frozenset[int]
    grants: tuple[tuple[int, str], ...]  # (grant id, category key), oldest first
    break_glass_id: int | None


def current_memberships(day: date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def active_grants(user: User, board_id: int, day: date) -> QuerySet[Grant]:
    return Grant.objects.filter(
        board_id=board_id,
        grantee__user_id=user.pk,
        revoked_at__isnull=True,
        starts_on__lte=day,
        ends_on__gte=day,
    )


def user_grants(user: User, board_id: int, day: date) -> tuple[GrantRow, ...]:
    """The user's active grants on `day`, oldest first: usually none (`access.user_facts`)."""
    facts = user_facts(user, day)
    return facts.grants if facts.board_id == board_id else ()


def grant_covers(pupil_id: int | OuterRef, school_id: int | OuterRef, day: date) -> Q:
    """Grants covering a pupil. `pupil_id` is only used one subquery deeper than `school_id`,
    so a caller in a subquery passes OuterRef(OuterRef("pk")) for it."""
    groups = GroupMembership.objects.filter(current_memberships(day), pupil_id=pupil_id)
    listed = Grant.pupils.through.objects.filter(pupil_id=pupil_id)
    return (
        Q(scope=Grant.Scope.SCHOOL, school_id=school_id)
        | Q(scope=Grant.Scope.GROUP, group_id__in=groups.values("group_id"))
        | Q(scope=Grant.Scope.PUPILS, id__in=listed.values("grant_id"))
    )


def open_break_glass(user: User, board_id: int, at: datetime) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(
        board_id=board_id, staff__user_id=user.pk, opened_at__lte=at, expires_at__gt=at
    )


def open_break_glass_pupils(user: User, board_id: int) -> tuple[tuple[int, int], ...]:
    """(emergency access id, pupil id) of the user's open emergency accesses, the one that runs
    longest first (`access.user_facts`)."""
    facts = user_facts(user)
    return facts.break_glass if facts.board_id == board_id else ()


def is_now(day: date) -> bool:
    # Emergency access is counted in hours, so it only answers questions about today.
    return day == timezone.localdate()


def facts_for(user: User, pupil: Pupil, on: date | None) -> Facts | None:
    """None when the user gets nothing at all: not staff of this board, or no assignment."""
    key = ("access.facts", user.pk, pupil.pk, pupil.board_id, pupil.school_id, on)
    return memoised(key, lambda: _read_facts(user, pupil, on))


def staff_facts(user: User, on: date | None) -> tuple[Scope, UserFacts] | None:
    """The user's scope and facts from one read (`access.user_facts`); None for anyone who is
    not staff with a current assignment."""
    if getattr(user, "kind", None) != User.Kind.STAFF:
        return None
    read = user_facts(user, on)
    scope = scope_from(user, read)
    if scope.board_id is None or not scope.roles:
        return None
    return scope, read


def _read_facts(user: User, pupil: Pupil, on: date | None) -> Facts | None:
    day = on or timezone.localdate()
    staff = staff_facts(user, on)
    if staff is None or staff[0].board_id != pupil.board_id:
        return None
    scope, read = staff
    # The pupil's current groups among the user's (the members came with the facts).
    group_ids = frozenset(group for member, group in read.members if member == pupil.pk)
    grants: tuple[tuple[int, str], ...] = ()
    if read.grants:  # usually none: then no query here
        grants = tuple(
            Grant.objects.filter(id__in=[g.id for g in read.grants])
            .filter(grant_covers(pupil.pk, pupil.school_id, day))
            .order_by("id")
            .values_list("id", "category_key")
        )
    break_glass_id = None
    if is_now(day):
        break_glass_id = next(
            (bg for bg, pupil_id in read.break_glass if pupil_id == pupil.pk),
            None,
        )
    return Facts(scope, day, group_ids, grants, break_glass_id)
