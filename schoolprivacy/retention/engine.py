"""The purge: erase what the register's rules say has expired, through every app's `erase_many`.

`retention.preview` counts per rule and category what a run would erase (a dry run);
`purge_run` erases it in batches. Each batch is one transaction holding the erasures (a few
set-based queries per app, one audit event per app), the destruction log's counts and the run's
cursor, so a run killed half-way resumes at the first batch that did not commit and ends with
the same data and the same counts as a run that was never interrupted. Pupils under a legal hold
(and their parents) are skipped. A board's first run for a school, and for the board-wide data,
needs the privacy officer's recent preview of it (`retention.first_run`).

Who is looked at is in `retention.candidates`, one batch's erasure in `retention.batches`.
"""

import time
from collections import Counter
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.retention import rules as r
from schoolprivacy.retention.batches import (
    Found,
    Tally,
    board_wide,
    erase_targets,
    expired_batch,
)
from schoolprivacy.retention.candidates import (
    PHASES,
    SUBJECT_PHASES,
    UNLINKED,
    candidate_ids,
    held_pupil_ids,
    note_unlinked,
    targets,
)
from schoolprivacy.retention.first_run import (
    PurgeRefused,
    first_run_check,
    first_run_note,
    purge_wait_clear,
    purge_wait_note,
)
from schoolprivacy.retention.models import Destruction, PurgePreview, PurgeRun
from schoolprivacy.retention.signals import purge_ended, purge_erasing
from schoolprivacy.schools.models import Board

BATCH_SIZE = 500
Progress = Callable[[str, int, int], None]


def _record(run: PurgeRun, tally: Tally) -> None:
    """Add a batch's counts to the destruction log: the rows it lacks made with their counts at
    once, then one UPDATE per (school, rule, category) row the run had already."""
    wanted = {key: n for key, n in tally.items() if n}
    if not wanted:
        return
    have = {
        (school, rule, key): pk
        for pk, school, rule, key in Destruction.objects.filter(run=run).values_list(
            "pk", "school_id", "rule", "category"
        )
    }
    Destruction.objects.bulk_create(
        [
            Destruction(
                run=run, board_id=run.board_id, school_id=s, rule=rule, category=key, count=n
            )
            for (s, rule, key), n in wanted.items()
            if (s, rule, key) not in have
        ]
    )
    for key, n in wanted.items():
        if key in have:
            Destruction.objects.filter(pk=have[key]).update(count=F("count") + n)


def purge_run(
    *,
    board: Board,
    actor_id: int | None = None,
    day: date | None = None,
    batch_size: int = BATCH_SIZE,
    pause: float = 0.0,
    progress: Progress | None = None,
) -> PurgeRun:
    """Erase everything expired on the board, resuming an unfinished run if there is one.
    A new run that would be the first for a part of the board (a school, or the board-wide
    data) raises `first_run.PurgeRefused` unless the part's stored preview is recent and still
    right. A run that fails is marked failed; the previews it relied on stay usable."""
    run = _running(board)
    while run is None:
        when = day or timezone.localdate()
        rules = r.category_rules(board.pk)
        try:
            relied = first_run_check(board, when)
        except PurgeRefused as refused:
            purge_wait_note(board, refused, actor_id=actor_id)
            raise
        # None: another process's run relied on these previews since the check; check again
        # (those parts need no preview any more).
        run = _start(board, when, rules, relied, actor_id=actor_id)
    try:
        _carry_on(run, batch_size=batch_size, pause=pause, progress=progress)
    except Exception:
        PurgeRun.objects.filter(pk=run.pk).update(status=PurgeRun.Status.FAILED, error="internal")
        raise
    finally:
        # The batches that committed erased: their recipients are told, also after a failure.
        purge_ended.send(sender=PurgeRun, board_id=run.board_id, run=run)
    run.refresh_from_db()
    return run


def _running(board: Board) -> PurgeRun | None:
    return PurgeRun.objects.filter(board=board, status=PurgeRun.Status.RUNNING).first()


def _start(
    board: Board, when: date, rules: r.Rules, relied: list[PurgePreview], *, actor_id: int | None
) -> PurgeRun | None:
    """Make the run, unless another process made one since the first-run check (that run is
    returned: the two never run side by side, `_claim`) or a run of another process relied on
    one of the same previews and did not fail (None: the check is to be made again). Starts of
    one board wait for each other on the board's row, so the previews are noted with one run."""
    with transaction.atomic():
        Board.objects.select_for_update().filter(pk=board.pk).exists()
        run = _running(board)
        if run is not None:
            return run
        used = (
            PurgePreview.objects.filter(pk__in=[p.pk for p in relied], run__isnull=False)
            .exclude(run__status=PurgeRun.Status.FAILED)
            .exists()
        )
        if used:
            return None
        purge_wait_clear(board.pk)
        run = PurgeRun.objects.create(
            board=board,
            day=when,
            started_by_id=actor_id,
            subjects_total=sum(
                len(candidate_ids(board.pk, k, when, rules)) for k in SUBJECT_PHASES
            ),
            cursor={"phase": PHASES[0], "after": 0},
        )
        first_run_note(run, relied)
        audit_record(
            action="retention.purge.started",
            board_id=board.pk,
            actor_id=actor_id,
            context={"run": run.pk, "subjects": run.subjects_total, "previews": len(relied)},
            channel="task" if actor_id is None else "command",
        )
        return run


def _claim(run: PurgeRun) -> bool:
    """Inside a batch's transaction: lock the run and say whether this process still carries it
    on. Another process that resumed the same run and wrote its cursor first carries it on; this
    one stops, so no batch is erased, counted or told twice and the run finishes once."""
    current = PurgeRun.objects.select_for_update().filter(pk=run.pk).values("status", "cursor")
    row = current.first()
    return (
        row is not None and row["status"] == PurgeRun.Status.RUNNING and row["cursor"] == run.cursor
    )


def _carry_on(run: PurgeRun, *, batch_size: int, pause: float, progress: Progress | None) -> None:
    """Erase batch after batch from the run's cursor to the end; stops quietly when another
    process carries the run on (`_claim`)."""
    rules = r.category_rules(run.board_id)
    current = run.cursor.get("phase", PHASES[0])
    phase_index = PHASES.index(current) if current in PHASES else len(PHASES)
    after = int(run.cursor.get("after", 0))
    for phase in PHASES[phase_index:]:
        if phase not in SUBJECT_PHASES:
            with transaction.atomic():
                if not _claim(run):
                    return
                _record(run, board_wide(run.board_id, phase, run.day, dry_run=False))
                _advance(run, phase)
            continue
        if phase == UNLINKED:
            with transaction.atomic():
                note_unlinked(run.board_id, run.day)
        # Read once per phase: erasing one subject never makes another one a candidate or not.
        ids = [pk for pk in candidate_ids(run.board_id, phase, run.day, rules) if pk > after]
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            with transaction.atomic():
                if not _claim(run):
                    return
                # Read per batch: a hold placed while the run goes on protects what follows.
                held = held_pupil_ids(run.board_id)
                found = list(targets(run.board_id, phase, batch, held))
                expired = expired_batch(found, rules, run.day, unlinked=phase == UNLINKED)
                _tell(run, expired)
                tally, _touched = erase_targets(expired, dry_run=False)
                _record(run, tally)
                run.cursor = {"phase": phase, "after": batch[-1]}
                run.subjects_done = F("subjects_done") + len(batch)
                run.save(update_fields=["cursor", "subjects_done"])
                run.refresh_from_db(fields=["subjects_done"])
            if progress is not None:
                progress(phase, run.subjects_done, run.subjects_total)
            if pause:
                time.sleep(pause)
        with transaction.atomic():
            if not _claim(run):
                return
            _advance(run, phase)
        after = 0
    with transaction.atomic():
        if not _claim(run):
            return
        erased = sum(totals(run).values())
        PurgeRun.objects.filter(pk=run.pk).update(
            status=PurgeRun.Status.DONE, finished_at=timezone.now()
        )
        audit_record(
            action="retention.purge.finished",
            board_id=run.board_id,
            actor_id=None,
            context={"run": run.pk, "erased": erased},
            channel="task",
        )


def _tell(run: PurgeRun, expired: Found) -> None:
    """Say who is about to lose what (GDPR art. 19: their recipients are told; requests app).
    Held targets are skipped by the erasure, so they are left out here too."""
    erasing = [(t.subject, sorted(keys)) for t, keys in expired if keys and not t.held]
    if erasing:
        purge_erasing.send(sender=PurgeRun, board_id=run.board_id, run=run, erasing=erasing)


def _advance(run: PurgeRun, phase: str) -> None:
    index = PHASES.index(phase) + 1
    nxt = PHASES[index] if index < len(PHASES) else "end"
    run.cursor = {"phase": nxt, "after": 0}
    PurgeRun.objects.filter(pk=run.pk).update(cursor=run.cursor)


def totals(run: PurgeRun) -> dict[tuple[str, str], int]:
    """The destruction log of a run summed over schools: (rule, category) -> items."""
    found: Counter[tuple[str, str]] = Counter()
    for rule, key, count in run.destructions.values_list("rule", "category", "count"):
        found[(rule, key)] += count
    return {k: n for k, n in sorted(found.items()) if n}
