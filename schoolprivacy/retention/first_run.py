"""Nothing is purged before the privacy officer has seen what will go (issue 16 item 3).

A board's data falls in parts: each school's pupils and parents, and the board-wide part (staff,
parents linked to no pupil, sign-in data, kept import files, the audit log), which belongs to no
school. Every preview the officer opens is stored: when, by whom, for which day, and its counts
per rule and category (never values); a school's preview stores that school's part, the board's
preview (no school chosen) the board-wide part (`school` empty). A run that would be the first
for one of the board's parts is refused unless each such part has a stored preview made less than
a day ago whose counts are still what the run would erase now. The run notes the previews it
relied on; once a run that relied on a part's preview has not failed, the part's later runs (the
nightly task) need none.

A run that failed half-way uses up no preview: its previews stay usable for the next run, which
checks them against what is left (the preview's counts less what the failed runs since it erased,
as their destruction log says), so the officer is not asked again for what they already saw, and
anything else that changed still makes the preview stale (decision 0057).
"""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.audit.services import audit_record
from schoolprivacy.retention.models import Destruction, PurgePreview, PurgeRun, PurgeWait
from schoolprivacy.retention.preview import Count, Preview, count
from schoolprivacy.schools.models import Board, School

# A preview older than this is stale: look at it again before the first run.
FRESH_FOR = timedelta(days=1)


class PurgeRefused(Exception):
    """The run was not started; `str()` says why, in the reader's language. `missing` and
    `stale` name the parts (school names, or the board-wide data)."""

    def __init__(
        self,
        *,
        missing: list[str],
        stale: list[str],
        parts: list[dict[str, Any]] | None = None,
        due: int = 0,
    ) -> None:
        self.missing, self.stale = missing, stale
        # [{"school": id or None, "reason": "missing" | "stale"}]; what the whole board has due
        self.parts, self.due = parts or [], due
        super().__init__(refusal_text(missing=missing, stale=stale))


def board_wide_label() -> str:
    return _(
        "the board-wide data (staff, parents linked to no pupil, sign-in data, kept import "
        "files, the audit log)"
    )


def refusal_text(*, missing: list[str], stale: list[str]) -> str:
    parts = []
    if missing:
        parts.append(
            _(
                "The first purge of %(schools)s needs a preview: the privacy officer first "
                "looks at what would be erased (Retention, purge preview, per school; the "
                "board-wide data in the preview of the whole board)."
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
    board: Board, school: School | None, found: Preview, *, actor_id: int | None
) -> PurgePreview:
    """Keep the preview of `school`'s part (None: the board-wide part) that someone was shown."""
    return PurgePreview.objects.create(
        board=board,
        school=school,
        day=found.day,
        made_by_id=actor_id,
        counts=_rows(found),
        total=found.total,
    )


def _used() -> Q:
    """Previews a run relied on that did not fail (it finished, or is still running)."""
    return Q(run__isnull=False) & ~Q(run__status=PurgeRun.Status.FAILED)


def first_run_schools(board_id: int) -> list[School]:
    """The board's schools that no run has purged yet with a preview."""
    done = PurgePreview.objects.filter(_used(), board_id=board_id, school__isnull=False)
    return list(
        School.objects.filter(board_id=board_id)
        .exclude(pk__in=done.values("school_id"))
        .order_by("name")
    )


def board_wide_waiting(board_id: int) -> bool:
    """Whether the board-wide data has not yet been purged by a run with a preview."""
    done = PurgePreview.objects.filter(_used(), board_id=board_id, school__isnull=True)
    return not done.exists()


def waiting_parts(board_id: int) -> list[School | None]:
    """Every part whose first run still needs a preview (None: the board-wide data)."""
    parts: list[School | None] = list(first_run_schools(board_id))
    return [*parts, None] if board_wide_waiting(board_id) else parts


def newest_preview(board_id: int, school: School | None) -> PurgePreview | None:
    return (
        PurgePreview.objects.filter(board_id=board_id, school=school)
        .order_by("-made_at", "-pk")
        .first()
    )


def is_too_old(stored: PurgePreview) -> bool:
    return stored.made_at < timezone.now() - FRESH_FOR


def _as_counts(rows: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter({(row["rule"], row["category"]): int(row["count"]) for row in rows})


def _left_after_failures(stored: PurgePreview) -> Counter[tuple[str, str]]:
    """The preview's counts less what runs that failed since it was made erased of its part."""
    expected = _as_counts(stored.counts)
    erased = (
        Destruction.objects.filter(
            board_id=stored.board_id,
            school=stored.school,
            run__status=PurgeRun.Status.FAILED,
            run__started_at__gte=stored.made_at,
        )
        .values_list("rule", "category")
        .annotate(n=Sum("count"))
    )
    for rule, category, n in erased:
        expected[(rule, category)] -= n
    return +expected  # drops what is all gone


def first_run_check(board: Board, day: date) -> list[PurgePreview]:
    """The previews a first run on `day` relies on; PurgeRefused when one is missing or stale.
    Counts the board once (a dry run) only when a part has its first run."""
    parts = waiting_parts(board.pk)
    if not parts:
        return []
    now: Count | None = None
    relied: list[PurgePreview] = []
    missing: list[str] = []
    stale: list[str] = []
    waiting: list[dict[str, Any]] = []
    for school in parts:
        name = school.name if school is not None else board_wide_label()
        key = school.pk if school is not None else None
        stored = newest_preview(board.pk, school)
        if stored is None:
            missing.append(name)
            waiting.append({"school": key, "reason": "missing"})
            continue
        if is_too_old(stored):
            stale.append(name)
            waiting.append({"school": key, "reason": "stale"})
            continue
        now = now or count(board, day=day)
        if _as_counts(_rows(now.part(key))) != _left_after_failures(stored):
            stale.append(name)
            waiting.append({"school": key, "reason": "stale"})
            continue
        relied.append(stored)
    if missing or stale:
        # What is due in the whole board waits too: the workspace says how much (one dry run).
        now = now or count(board, day=day)
        raise PurgeRefused(missing=missing, stale=stale, parts=waiting, due=now.preview().total)
    return relied


def purge_wait_note(board: Board, refused: PurgeRefused, *, actor_id: int | None) -> None:
    """Remember that the board's purge waits for a preview, for the workspace; audited."""
    with transaction.atomic():
        PurgeWait.objects.update_or_create(
            board=board,
            defaults={"noted_at": timezone.now(), "due": refused.due, "parts": refused.parts},
        )
        audit_record(
            action="retention.purge.refused",
            board_id=board.pk,
            actor_id=actor_id,
            context={"missing": len(refused.missing), "stale": len(refused.stale)},
            channel="task" if actor_id is None else "command",
        )


def purge_wait_clear(board_id: int) -> None:
    PurgeWait.objects.filter(board_id=board_id).delete()


def first_run_note(run: PurgeRun, relied: list[PurgePreview]) -> None:
    PurgePreview.objects.filter(pk__in=[p.pk for p in relied]).update(run=run)
