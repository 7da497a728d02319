"""Reads for the pupil pages and the pupil API, on top of the access policy.

`access.policy.visible_pupils` decides *which* pupils a user may see; this module only narrows
that set further (a name search, one group) and adds the current group for display, always in a
fixed number of queries however many pupils there are.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.access.policy import visible_pupils
from schoolprivacy.access.schools import groups_for
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.db_collation import dutch_order
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group

# Longer searches are not names; refusing them keeps the LIKE clauses cheap.
MAX_SEARCH_WORDS = 5

DUTCH_NAME_ORDER = (dutch_order("surname"), dutch_order("first_name"), "id")


@dataclass(frozen=True)
class PupilSearch:
    text: str = ""
    group_id: int | None = None


def _current_memberships(today: date) -> QuerySet[GroupMembership]:
    return GroupMembership.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def with_current_group(pupils: QuerySet[Pupil], *, today: date | None = None) -> QuerySet[Pupil]:
    """Annotate `current_group_id` and `current_group_name` with subqueries: no query per row."""
    day = today or timezone.localdate()
    latest = _current_memberships(day).filter(pupil=OuterRef("pk")).order_by("-starts_on", "-id")
    return pupils.select_related("school").annotate(
        current_group_id=Subquery(latest.values("group_id")[:1]),
        current_group_name=Subquery(latest.values("group__name")[:1]),
    )


def current_groups_for(user: User, *, today: date | None = None) -> QuerySet[Group]:
    """The groups of this school year the user may filter on: those of `groups_for(user)`."""
    day = today or timezone.localdate()
    return (
        groups_for(user)
        .filter(school_year__starts_on__lte=day, school_year__ends_on__gte=day)
        .order_by("school__name", "year_level", "name")
    )


def pupil_listing(user: User, search: PupilSearch, *, today: date | None = None) -> QuerySet[Pupil]:
    """The user's visible pupils matching a search, ordered by name, with school and group."""
    day = today or timezone.localdate()
    pupils = visible_pupils(user)
    for word in search.text.split()[:MAX_SEARCH_WORDS]:
        # Every word must match some part of the name: "sanne jan" finds Sanne Jansen.
        pupils = pupils.filter(
            Q(first_name__icontains=word)
            | Q(given_names__icontains=word)
            | Q(surname_prefix__icontains=word)
            | Q(surname__icontains=word)
        )
    if search.group_id is not None:
        in_group = _current_memberships(day).filter(pupil=OuterRef("pk"), group_id=search.group_id)
        pupils = pupils.filter(Exists(in_group))
    # The list never shows the education number: do not load (and decrypt) it.
    pupils = pupils.defer("education_number", "education_number_hash")
    # Dutch order in the query (Çelik with the C), because the list is paginated there.
    return with_current_group(pupils, today=day).order_by(*DUTCH_NAME_ORDER)


def pupils_in_group(user: User, group: Group, *, today: date | None = None) -> QuerySet[Pupil]:
    """Pupils in `group` today whom the user may see (group pages, consent class lists).

    Through `visible_pupils`, so the policy's rules (grants, leavers, retention, employment end)
    hold here too; a pupil who has left is no longer on a class list.
    """
    day = today or timezone.localdate()
    members = _current_memberships(day).filter(group_id=group.pk).values("pupil_id")
    return (
        visible_pupils(user, on=today)
        .filter(pk__in=members)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .order_by(*DUTCH_NAME_ORDER)
    )


def get_pupil_for_user(user: User, pupil_id: int) -> Pupil:
    """One visible pupil with school and current group, or 404 (as `get_visible_pupil`)."""
    return get_object_or_404(with_current_group(visible_pupils(user)), pk=pupil_id)
