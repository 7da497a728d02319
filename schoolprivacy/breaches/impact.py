"""Who and what an incident concerns, computed from the data map rather than guessed.

systems -> categories: the board's processing register lists, per activity, the systems it runs
on and the data categories it processes. An incident in a system concerns every category of every
active activity on that system (an activity for one kind of school concerns only pupils of that
kind of school).

categories -> pupils: the privacy registry (design.md, contract 4) declares, per model, which
categories its fields hold. The pupils concerned are those with a row of such a model: every
pupil of the board for data on the pupil row itself (name, date of birth, enrolment), otherwise
the pupils the rows belong to. A model whose rows hold one of several categories (a dossier
record is a test result in one row and a diagnosis in the next) counts every row's pupil when any
of its categories is concerned: for a breach, overestimating is the safe side.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery

from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.privacy_registry import PersonalData, declarations
from schoolprivacy.register.models import ProcessingActivity


@dataclass(frozen=True)
class Impact:
    categories: tuple[str, ...]
    # Activity keys per category: why a category is concerned.
    because_of: dict[str, tuple[str, ...]]
    # School kinds ("primary", "secondary") whose pupils are concerned; empty: none.
    school_kinds: frozenset[str]


ALL_KINDS = frozenset({"primary", "secondary"})


def known_systems(board_id: int) -> list[str]:
    """Every system the board's active activities name, sorted (what a reporter chooses from)."""
    names: set[str] = set()
    for systems in ProcessingActivity.objects.filter(board_id=board_id, is_active=True).values_list(
        "systems", flat=True
    ):
        names |= {str(s) for s in systems}
    return sorted(names, key=str.casefold)


def categories_for_systems(board_id: int, systems: Iterable[str]) -> Impact:
    wanted = {s.strip().casefold() for s in systems if s.strip()}
    because: dict[str, list[str]] = {}
    kinds: set[str] = set()
    for activity in ProcessingActivity.objects.filter(board_id=board_id, is_active=True):
        if not wanted & {str(s).casefold() for s in activity.systems}:
            continue
        for key in activity.categories:
            because.setdefault(key, []).append(activity.key)
        kinds |= {activity.school_kind} if activity.school_kind else ALL_KINDS
    ordered = tuple(sorted(because))
    return Impact(ordered, {k: tuple(v) for k, v in because.items()}, frozenset(kinds))


def _pupil_link(model: type[models.Model]) -> str | None:
    """The name of the model's link to a pupil, or None."""
    for f in model._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.related_model is Pupil:
            return f.name
    return None


def _holds(declaration: PersonalData, categories: frozenset[str]) -> bool:
    return bool(declaration.keys & categories)


def pupils_concerned(board_id: int, impact: Impact) -> QuerySet[Pupil]:
    """The board's pupils whose data of the concerned categories the registry can trace."""
    pupil_keys = frozenset(k for k in impact.categories if k.startswith("pupil."))
    if not pupil_keys or not impact.school_kinds:
        return Pupil.objects.none()
    conditions: list[Q] = []
    for declaration in declarations():
        if not _holds(declaration, pupil_keys):
            continue
        model = declaration.model
        if model is Pupil:
            conditions = [Q()]  # data on the pupil row: every pupil of the board
            break
        link = _pupil_link(model)
        if link is None:
            continue
        rows = model._default_manager.all()
        if any(f.name == "board" for f in model._meta.concrete_fields):
            rows = rows.filter(board_id=board_id)
        conditions.append(Q(pk__in=rows.values(f"{link}_id")))
    if not conditions:
        return Pupil.objects.none()
    return Pupil.objects.filter(board_id=board_id, school__kind__in=impact.school_kinds).filter(
        reduce(or_, conditions)
    )


def affected_pupils(board_id: int, systems: Iterable[str], today: date) -> QuerySet[Pupil]:
    """The pupils concerned, computed now from the data map, for the list the privacy officer
    sends letters from: by school and name, with the school and the name of the group the pupil
    is in today (`group_name`, None when in none)."""
    impact = categories_for_systems(board_id, systems)
    current = GroupMembership.objects.filter(pupil=OuterRef("pk"), starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return (
        pupils_concerned(board_id, impact)
        .select_related("school")
        .annotate(group_name=Subquery(current.order_by("-starts_on").values("group__name")[:1]))
        .order_by("school__name", "surname", "first_name", "pk")
    )
