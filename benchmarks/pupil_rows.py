"""What the pupil-page benchmarks share: timed rows, the people of the seeded board, and the
plain queries of the same rows (`pupil_pages.py`, issue 18.4)."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    what: str
    times_ms: list[float]
    queries: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        if len(self.times_ms) < 2:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]


def time_runs(repeat: int, action: Callable[[], Any]) -> list[float]:
    action()  # warm up: templates, translations and per-process caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def people(board: Any) -> tuple[Any, Any, Any, Any]:
    """A school's care coordinator, a teacher there, the teacher's group and its first pupil."""
    from django.utils import timezone

    from schoolprivacy.access.models import Assignment, Role
    from schoolprivacy.people.models import Pupil

    today = timezone.localdate()
    current = Assignment.objects.filter(board=board, starts_on__lte=today).select_related(
        "staff__user", "group", "school"
    )
    teaching = current.filter(role=Role.TEACHER, group__school_year__ends_on__gte=today)
    teacher = teaching.order_by("school_id", "group__year_level", "id").first()
    if teacher is None or teacher.group is None:
        raise SystemExit("The seeded board has no teacher with a current group.")
    care = current.get(role=Role.CARE_COORDINATOR, school_id=teacher.group.school_id)
    pupil = Pupil.objects.filter(memberships__group=teacher.group).order_by("id").first()
    return care.staff.user, teacher.staff.user, teacher.group, pupil


def interleaved(repeat: int, actions: dict[str, Callable[[], Any]]) -> dict[str, list[float]]:
    """Time each action `repeat` times, taking turns, so that a load that comes and goes on a
    shared machine falls on every side alike (after one warm-up round)."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for round_number in range(repeat + 1):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            if round_number:
                times[name].append((time.perf_counter() - started) * 1000)
    return times


def plain_rows(board: Any) -> dict[str, Callable[[], Any]]:
    """The plainest query of the same rows per persona, built afresh on each call as a view
    without a policy builds it (today's date and the group are the request's): the school's
    pupils, the group's current members (one join, no policy, no tenancy check)."""
    from django.db.models import Q
    from django.utils import timezone

    from schoolprivacy.people.models import Pupil

    _care, _teacher, group, _pupil = people(board)
    school_id, group_id = group.school_id, group.pk

    def school() -> Any:
        return Pupil.objects.filter(school_id=school_id)

    def in_group() -> Any:
        today = timezone.localdate()
        current = Q(memberships__starts_on__lte=today) & (
            Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)
        )
        return Pupil.objects.filter(Q(memberships__group=group_id) & current)

    return {"care coordinator": school, "teacher": in_group}
