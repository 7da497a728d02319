"""The first real purge of a school needs the privacy officer's preview (issue 16 item 3).

Every preview of a school that the officer opens is stored: when, by whom, for which day, and
its counts per rule and category (never values). A purge run that would be the first for one of
the board's schools is refused unless each such school has a stored preview made less than a
day ago whose counts are still what the run would erase now. The run notes the previews it
relied on; from then on the school's runs (the nightly task) need none.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.preview import Count, Preview, count
from schoolprivacy.schools.models import Board, School

# A preview older than this is stale: look at it again before the first run.
FRESH_FOR = timedelta(days=1)


class PurgeRefused(Exception):
    """The run was not started; `str()` says why, in the reader's language."""

    def __init__(self, *, missing: list[str], stale: list[str]) -> None:
        self.missing, self.stale = missing, stale
        super().__init__(refusal_text(missing=missing, stale=stale))


def refusal_text(*, missing: list[str], stale: list[str]) -> str:
    parts = []
    if missing:
        parts.append(
            _(
                "The first purge of %(schools)s needs a preview: the privacy officer first "
                "looks at what would be erased (Retention, purge preview, per school)."
            )
            % {"schools": ", ".join(missing)}
        )
    if stale:
        parts.append(
            _(
                "The preview of %(schools)s is more than a day old or what would be erased has "
                "changed since: look at the preview again before the first purge."
            )
            % {"schools": ", ".join(stale)}
        )
    return " ".join(parts)


def _rows(found: Preview) -> list[dict[str, Any]]:
    return [
        {"rule": rule, "category": key, "count": n}
        for (rule, _name, key), n in sorted(found.counts.items())
        if n
    ]


def preview_store(
    board: Board, school: School, found: Preview, *, actor_id: int | None
) -> PurgePreview:
    """Keep the preview of `school` that someone was shown."""
    return PurgePreview.objects.create(
        board=board,
        school=school,
        day=found.day,
        made_by_id=actor_id,
        counts=_rows(found),
        total=found.total,
    )


def first_run_schools(board_id: int) -> list[School]:
    """The board's schools that no run has purged yet with a preview."""
    done = PurgePreview.objects.filter(board_id=board_id, run__isnull=False).values("school_id")
    return list(School.objects.filter(board_id=board_id).exclude(pk__in=done).order_by("name"))


def first_run_check(board: Board, day: date) -> list[PurgePreview]:
    """The previews a first run on `day` relies on; PurgeRefused when one is missing or stale.
    Counts the board once (a dry run) only when a school has its first run."""
    schools = first_run_schools(board.pk)
    if not schools:
        return []
    now: Count | None = None
    relied: list[PurgePreview] = []
    missing: list[str] = []
    stale: list[str] = []
    for school in schools:
        stored = (
            PurgePreview.objects.filter(board=board, school=school).order_by("-made_at", "-pk")
        ).first()
        if stored is None:
            missing.append(school.name)
            continue
        if stored.made_at < timezone.now() - FRESH_FOR:
            stale.append(school.name)
            continue
        now = now or count(board, day=day)
        if _rows(now.preview(school.pk)) != stored.counts:
            stale.append(school.name)
            continue
        relied.append(stored)
    if missing or stale:
        raise PurgeRefused(missing=missing, stale=stale)
    return relied


def first_run_note(run: PurgeRun, relied: list[PurgePreview]) -> None:
    PurgePreview.objects.filter(pk__in=[p.pk for p in relied]).update(run=run)
