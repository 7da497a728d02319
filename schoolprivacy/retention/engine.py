"""The purge: erase what the register's rules say has expired, through every app's `erase`.

`preview` counts per rule and category what a run would erase now (a dry run of every app's
`erase`); `purge_run` erases it in batches. Each batch is one transaction holding the erasures,
the destruction log's counts and the run's cursor, so a run killed half-way resumes at the first
batch that did not commit and ends with the same data and the same counts as a run that was never
interrupted. Pupils under a legal hold (and their parents) are skipped, and counted as held.

Reads other apps only through the privacy registry (contract 4) and the base apps.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from schoolprivacy.accounts import privacy as accounts_privacy
from schoolprivacy.audit.services import audit_record
from schoolprivacy.imports import privacy as imports_privacy
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.privacy_registry import AppPrivacy, DataSubject, Erasure, registry
from schoolprivacy.retention import rules as r
from schoolprivacy.retention.models import Destruction, LegalHold, PurgeRun, UnlinkedGuardian
from schoolprivacy.schools.models import Board

BATCH_SIZE = 100
# The order of a run. Parents before pupils: a pupil's full erasure deletes the links to the
# parents, which is how a parent's leaving date is found.
# Parents linked to no pupil come after the pupils (a pupil erased on request leaves its parents
# unlinked); their phase keeps its own name so a run started before it existed resumes.
UNLINKED = "unlinked_guardian"
PHASES = ("sign_in", "import_files", "guardian", "pupil", UNLINKED, "staff")
SUBJECT_PHASES = ("guardian", "pupil", UNLINKED, "staff")

# (school id or None, rule code, category) -> items erased
Tally = Counter[tuple[int | None, str, str]]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Target:
    subject: DataSubject
    school_id: int | None
    event_day: date | None
    held: bool


@dataclass
class Preview:
    day: date
    # (rule code, rule name, category) -> items that would go
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    subjects: int = 0
    held: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@cache
def _erasers() -> list[tuple[AppPrivacy, frozenset[str]]]:
    """Every app's eraser with the categories it declares, later apps first (as erase_subject).
    Looked up once per process: the installed apps do not change while it runs."""
    return [
        (app, frozenset(k for d in app.personal for k in d.keys)) for app in reversed(registry())
    ]


def erase_categories(
    subject: DataSubject, categories: list[str], *, dry_run: bool, actor_id: int | None = None
) -> list[Erasure]:
    """`privacy_registry.erase_subject` for these categories, asking only the apps that declare
    one of them (an app erases only what it declares, contract 4): a purge of thousands of
    people does not call every app for every one of them."""
    wanted = set(categories)
    return [
        app.erase(subject, actor_id=actor_id, categories=categories, dry_run=dry_run)
        for app, keys in _erasers()
        if keys & wanted
    ]


def held_pupil_ids(board_id: int) -> set[int]:
    return set(
        LegalHold.objects.filter(board_id=board_id, released_at__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )


def _start(day: date, rules: r.Rules, kind: str) -> date | None:
    period = r.shortest(rules, kind)
    return None if period is None else r.earliest_event(day, period)


def candidates(
    board_id: int, kind: str, day: date, rules: r.Rules, school_id: int | None
) -> QuerySet[Pupil] | QuerySet[Guardian] | QuerySet[Staff]:
    """IDs of the subjects of `kind` that may have something expired on `day`, in ID order."""
    if kind == UNLINKED:
        # Parents found unlinked at least the rule's period ago and still linked to no pupil.
        found_before = r.add_period(day, 0, -r.UNLINKED_GUARDIAN_MONTHS)
        if school_id is not None:
            return Guardian.objects.none()  # no pupil, so no school: the board's preview
        return Guardian.objects.filter(
            board_id=board_id, relations__isnull=True, pk__in=_unlinked_since(found_before)
        ).order_by("pk")
    before = _start(day, rules, kind)
    if kind == "pupil":
        if before is None:
            return Pupil.objects.none()
        pupils = Pupil.objects.filter(board_id=board_id, left_on__lt=before)
        if school_id is not None:
            pupils = pupils.filter(school_id=school_id)
        return pupils.order_by("pk")
    if kind == "guardian":
        if before is None:
            return Guardian.objects.none()
        # Parents whose children have all left (the last one before `before`).
        staying = GuardianRelation.objects.filter(
            Q(pupil__left_on__isnull=True) | Q(pupil__left_on__gte=before)
        ).values("guardian_id")
        guardians = Guardian.objects.filter(board_id=board_id, relations__isnull=False).exclude(
            pk__in=staying
        )
        if school_id is not None:
            guardians = guardians.filter(relations__pupil__school_id=school_id)
        return guardians.distinct().order_by("pk")
    if school_id is not None or before is None:
        return Staff.objects.none()  # staff data is the board's, not a school's
    return Staff.objects.filter(board_id=board_id, left_on__lt=before).order_by("pk")


def _unlinked_since(day: date) -> QuerySet[UnlinkedGuardian, int]:
    return UnlinkedGuardian.objects.filter(seen_on__lt=day).values_list("guardian_id", flat=True)


def note_unlinked(board_id: int, day: date) -> None:
    """Remember the day the purge first found each parent linked to no pupil; forget parents
    linked again. Idempotent, so a resumed run may do it twice."""
    UnlinkedGuardian.objects.filter(board_id=board_id, guardian__relations__isnull=False).delete()
    known = UnlinkedGuardian.objects.filter(board_id=board_id).values("guardian_id")
    new = Guardian.objects.filter(board_id=board_id, relations__isnull=True).exclude(pk__in=known)
    UnlinkedGuardian.objects.bulk_create(
        [
            UnlinkedGuardian(board_id=board_id, guardian_id=pk, seen_on=day)
            for pk in new.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def unlinked_rules(rules: r.Rules) -> dict[str, r.CategoryRule]:
    """Every parent category, under the unlinked-parent rule."""
    return {
        key: r.CategoryRule(
            category=key,
            rule=r.UNLINKED_GUARDIAN_RULE,
            rule_name=r.UNLINKED_GUARDIAN_RULE,
            event="guardian_unlinked",
            years=0,
            months=r.UNLINKED_GUARDIAN_MONTHS,
            is_duty=False,
        )
        for key in rules
        if key.startswith("guardian.")
    }


def targets(board_id: int, kind: str, ids: list[int], held: set[int]) -> Iterator[Target]:
    if kind == UNLINKED:
        seen = dict(
            UnlinkedGuardian.objects.filter(guardian_id__in=ids).values_list(
                "guardian_id", "seen_on"
            )
        )
        for guardian in Guardian.objects.filter(pk__in=ids).order_by("pk"):
            # No pupil, so no hold can name them; the day they were found is the event.
            yield Target(DataSubject.of(guardian), None, seen.get(guardian.pk), False)
    elif kind == "pupil":
        for pupil in Pupil.objects.filter(pk__in=ids).order_by("pk"):
            yield Target(DataSubject.of(pupil), pupil.school_id, pupil.left_on, pupil.pk in held)
    elif kind == "guardian":
        children: dict[int, list[tuple[int, int, date | None]]] = {}
        for guardian_id, pupil_id, school_id, left_on in GuardianRelation.objects.filter(
            guardian_id__in=ids
        ).values_list("guardian_id", "pupil_id", "pupil__school_id", "pupil__left_on"):
            children.setdefault(guardian_id, []).append((pupil_id, school_id, left_on))
        for guardian in Guardian.objects.filter(pk__in=ids).order_by("pk"):
            kids = children.get(guardian.pk, [])
            days = [left for _p, _s, left in kids if left is not None]
            last = max(kids, key=lambda k: k[2] or date.min) if kids else None
            yield Target(
                DataSubject.of(guardian),
                last[1] if last else None,
                max(days) if days and len(days) == len(kids) else None,
                any(p in held for p, _s, _l in kids),
            )
    else:
        for staff in Staff.objects.filter(pk__in=ids).order_by("pk"):
            yield Target(DataSubject.of(staff), None, staff.left_on, False)


def expired_rules(
    target: Target, rules: r.Rules, day: date, *, unlinked: bool = False
) -> dict[str, r.CategoryRule]:
    """The target's categories whose rule has expired on `day`."""
    if unlinked:
        return {
            key: rule
            for key, rule in unlinked_rules(rules).items()
            if rule.expired(target.event_day, day)
        }
    prefix = target.subject.kind + "."
    mine = {key: found for key, found in rules.items() if key.startswith(prefix)}

    def expired(present: set[str]) -> dict[str, r.CategoryRule]:
        return {
            key: rule
            for key, rule in r.effective(mine, present).items()
            if rule.expired(target.event_day, day)
        }

    needed = sorted(m for m in r.markers(mine) if m in mine)
    without, with_all = expired(set()), expired(set(needed))
    if without == with_all:
        return without  # the conditional rules change nothing today: no need to ask
    present: set[str] = set()
    for erasure in erase_categories(target.subject, needed, dry_run=True):
        present.update(key for key, n in erasure.counts.items() if n)
    return expired(present)


def erase_target(
    target: Target,
    expired: dict[str, r.CategoryRule],
    *,
    dry_run: bool,
    actor_id: int | None = None,
) -> Tally:
    """Erase (or count) the target's expired categories through every app; what went, per rule."""
    tally: Tally = Counter()
    if not expired or target.held:
        return tally
    for erasure in erase_categories(
        target.subject, sorted(expired), actor_id=actor_id, dry_run=dry_run
    ):
        for key, count in erasure.counts.items():
            if key in expired and key not in erasure.kept and count:
                tally[(target.school_id, expired[key].rule, key)] += count
    return tally


def erase_targets(
    found: list[tuple[Target, dict[str, r.CategoryRule]]],
    *,
    dry_run: bool,
    actor_id: int | None = None,
) -> tuple[Tally, set[DataSubject]]:
    """`erase_target` for a batch: targets with the same expired categories are erased together,
    app by app in the registry's order, through the app's `erase_many` where it has one (a few
    set-based queries) and its `erase` per target otherwise. Counts as `erase_target` would;
    also returns the subjects that had something to erase."""
    tally: Tally = Counter()
    touched: set[DataSubject] = set()
    groups: dict[frozenset[str], list[tuple[Target, dict[str, r.CategoryRule]]]] = {}
    for target, expired in found:
        if expired and not target.held:
            groups.setdefault(frozenset(expired), []).append((target, expired))
    for keys, group in groups.items():
        categories = sorted(keys)
        by_subject = {target.subject: (target, expired) for target, expired in group}
        for app, declared in _erasers():
            if not declared & keys:
                continue
            if app.erase_many is not None:
                results = app.erase_many(
                    list(by_subject), actor_id=actor_id, categories=categories, dry_run=dry_run
                )
            else:
                results = {
                    subject: app.erase(
                        subject, actor_id=actor_id, categories=categories, dry_run=dry_run
                    )
                    for subject in by_subject
                }
            for subject, erasure in results.items():
                target, expired = by_subject[subject]
                for key, count in erasure.counts.items():
                    if key in expired and key not in erasure.kept and count:
                        tally[(target.school_id, expired[key].rule, key)] += count
                        touched.add(subject)
    return tally, touched


def _board_wide(board_id: int, phase: str, day: date, *, dry_run: bool) -> Tally:
    tally: Tally = Counter()
    midnight = timezone.make_aware(datetime.combine(day, clock.min))
    if phase == "sign_in":
        before = midnight - timedelta(days=r.SIGN_IN_DATA_DAYS)
        for key, n in accounts_privacy.sign_in_data_expire(before=before, dry_run=dry_run).items():
            tally[(None, r.SIGN_IN_RULE, key)] += n
    elif phase == "import_files":
        before = midnight - timedelta(days=r.KEPT_IMPORT_FILE_DAYS)
        ids = imports_privacy.kept_files_expire(
            board_id=board_id, finished_before=before, dry_run=dry_run
        )
        if ids:
            tally[(None, r.IMPORT_FILE_RULE, "imports.kept_file")] += len(ids)
    return tally


def preview(board: Board, *, school_id: int | None = None, day: date | None = None) -> Preview:
    """What a run would erase on `day` (default today), per rule and category; nothing changes."""
    day = day or timezone.localdate()
    rules = r.category_rules(board.pk)
    held = held_pupil_ids(board.pk)
    found = Preview(day=day)
    names = {rule.rule: rule.rule_name for found in rules.values() for rule in found}
    tally: Tally = Counter()
    if school_id is None:
        for phase in ("sign_in", "import_files"):
            tally += _board_wide(board.pk, phase, day, dry_run=True)
    with transaction.atomic():
        for kind in SUBJECT_PHASES:
            ids = list(
                candidates(board.pk, kind, day, rules, school_id).values_list("pk", flat=True)
            )
            for start in range(0, len(ids), BATCH_SIZE):
                batch: list[tuple[Target, dict[str, r.CategoryRule]]] = []
                for target in targets(board.pk, kind, ids[start : start + BATCH_SIZE], held):
                    expired = expired_rules(target, rules, day, unlinked=kind == UNLINKED)
                    if not expired:
                        continue
                    if target.held:
                        found.held += 1
                        continue
                    batch.append((target, expired))
                got, touched = erase_targets(batch, dry_run=True)
                found.subjects += len(touched)
                tally += got
    for (_school, rule, key), n in sorted(tally.items(), key=lambda i: (i[0][1], i[0][2])):
        k = (rule, names.get(rule, rule), key)
        found.counts[k] = found.counts.get(k, 0) + n
    return found


def _record(run: PurgeRun, tally: Tally) -> None:
    for (school_id, rule, key), n in tally.items():
        rows = Destruction.objects.filter(run=run, rule=rule, category=key)
        rows = rows.filter(school_id=school_id) if school_id else rows.filter(school__isnull=True)
        row = rows.first() or Destruction.objects.create(
            run=run, board_id=run.board_id, school_id=school_id, rule=rule, category=key
        )
        Destruction.objects.filter(pk=row.pk).update(count=F("count") + n)


def _total(board_id: int, day: date, rules: r.Rules) -> int:
    return sum(candidates(board_id, k, day, rules, None).count() for k in SUBJECT_PHASES)


def purge_run(
    *,
    board: Board,
    actor_id: int | None = None,
    day: date | None = None,
    batch_size: int = BATCH_SIZE,
    pause: float = 0.0,
    progress: Progress | None = None,
) -> PurgeRun:
    """Erase everything expired on the board, resuming an unfinished run if there is one."""
    run = PurgeRun.objects.filter(board=board, status=PurgeRun.Status.RUNNING).first()
    if run is None:
        when = day or timezone.localdate()
        rules = r.category_rules(board.pk)
        with transaction.atomic():
            run = PurgeRun.objects.create(
                board=board,
                day=when,
                started_by_id=actor_id,
                subjects_total=_total(board.pk, when, rules),
                cursor={"phase": PHASES[0], "after": 0},
            )
            audit_record(
                action="retention.purge.started",
                board_id=board.pk,
                actor_id=actor_id,
                context={"run": run.pk, "subjects": run.subjects_total},
                channel="task" if actor_id is None else "command",
            )
    try:
        _carry_on(run, batch_size=batch_size, pause=pause, progress=progress)
    except Exception:
        PurgeRun.objects.filter(pk=run.pk).update(status=PurgeRun.Status.FAILED, error="internal")
        raise
    run.refresh_from_db()
    return run


def _carry_on(run: PurgeRun, *, batch_size: int, pause: float, progress: Progress | None) -> None:
    rules = r.category_rules(run.board_id)
    held = held_pupil_ids(run.board_id)
    current = run.cursor.get("phase", PHASES[0])
    phase_index = PHASES.index(current) if current in PHASES else len(PHASES)
    after = int(run.cursor.get("after", 0))
    for phase in PHASES[phase_index:]:
        if phase not in SUBJECT_PHASES:
            with transaction.atomic():
                PurgeRun.objects.select_for_update().filter(pk=run.pk).exists()
                _record(run, _board_wide(run.board_id, phase, run.day, dry_run=False))
                _advance(run, phase)
            continue
        if phase == UNLINKED:
            with transaction.atomic():
                note_unlinked(run.board_id, run.day)
        while True:
            query = candidates(run.board_id, phase, run.day, rules, None)
            ids = list(query.filter(pk__gt=after).values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            with transaction.atomic():
                PurgeRun.objects.select_for_update().filter(pk=run.pk).exists()
                tally, _touched = erase_targets(
                    [
                        (target, expired_rules(target, rules, run.day, unlinked=phase == UNLINKED))
                        for target in targets(run.board_id, phase, ids, held)
                    ],
                    dry_run=False,
                )
                _record(run, tally)
                after = ids[-1]
                run.cursor = {"phase": phase, "after": after}
                run.subjects_done = F("subjects_done") + len(ids)
                run.save(update_fields=["cursor", "subjects_done"])
                run.refresh_from_db(fields=["subjects_done"])
            if progress is not None:
                progress(phase, run.subjects_done, run.subjects_total)
            if pause:
                time.sleep(pause)
        with transaction.atomic():
            _advance(run, phase)
        after = 0
    with transaction.atomic():
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
