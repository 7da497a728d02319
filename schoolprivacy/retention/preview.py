"""The purge preview: what a run would erase on a day, per rule and category, counted in the same
batches as a run but as a dry run of every app's `erase_many` (aggregate queries per batch, never
a query per item). Nothing changes.

A school's preview is the part of the board's preview about that school's pupils and their
parents (a parent counts at the school of their child who left last), so the counts of a school
are the same whether it is previewed alone or as part of the board.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from schoolprivacy.retention import rules as r
from schoolprivacy.retention.batches import Tally, board_wide, erase_targets, expired_batch
from schoolprivacy.retention.candidates import (
    PHASES,
    SUBJECT_PHASES,
    UNLINKED,
    candidates,
    held_pupil_ids,
    targets,
)
from schoolprivacy.schools.models import Board

# A preview reads many subjects per batch: it erases nothing, so a batch holds no locks.
PREVIEW_BATCH = 1000
# (rule code, rule name, category) -> items
Counts = dict[tuple[str, str, str], int]


@dataclass
class Preview:
    day: date
    # (rule code, rule name, category) -> items that would go
    counts: Counts = field(default_factory=dict)
    subjects: int = 0
    held: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Count:
    """A board's dry run, kept per school: what `preview` sums for the board or one school."""

    day: date
    tally: Tally
    names: dict[str, str]
    # school id (None: board-wide data) -> subjects with something to go, and held subjects
    subjects: Counter[int | None]
    held: Counter[int | None]

    def preview(self, school_id: int | None = None) -> Preview:
        found = Preview(day=self.day)
        schools = None if school_id is None else {school_id}
        for (school, rule, key), n in sorted(self.tally.items(), key=lambda i: i[0][1:]):
            if schools is None or school in schools:
                k = (rule, self.names.get(rule, rule), key)
                found.counts[k] = found.counts.get(k, 0) + n
        found.subjects = sum(n for s, n in self.subjects.items() if schools is None or s in schools)
        found.held = sum(n for s, n in self.held.items() if schools is None or s in schools)
        return found

    def part(self, school_id: int | None) -> Preview:
        """One part of the board: a school's pupils and parents, or (None) only the board-wide
        data that belongs to no school (staff, unlinked parents, sign-in data, import files,
        the audit log). What a stored preview of that part holds (`retention.first_run`)."""
        found = Preview(day=self.day)
        for (school, rule, key), n in sorted(self.tally.items(), key=lambda i: i[0][1:]):
            if school == school_id:
                k = (rule, self.names.get(rule, rule), key)
                found.counts[k] = found.counts.get(k, 0) + n
        found.subjects = self.subjects.get(school_id, 0)
        found.held = self.held.get(school_id, 0)
        return found


def count(board: Board, *, school_id: int | None = None, day: date | None = None) -> Count:
    """Dry-run the purge of the board (or only of one school's pupils and parents) on `day`."""
    day = day or timezone.localdate()
    rules = r.category_rules(board.pk)
    held = held_pupil_ids(board.pk)
    found = Count(
        day=day,
        tally=Counter(),
        names={rule.rule: rule.rule_name for found in rules.values() for rule in found},
        subjects=Counter(),
        held=Counter(),
    )
    if school_id is None:
        for phase in (p for p in PHASES if p not in SUBJECT_PHASES):  # the board-wide phases
            found.tally += board_wide(board.pk, phase, day, dry_run=True)
    with transaction.atomic():
        for kind in SUBJECT_PHASES:
            for ids in _batches(board.pk, kind, day, rules, school_id):
                batch = list(targets(board.pk, kind, ids, held))
                expired = expired_batch(batch, rules, day, unlinked=kind == UNLINKED)
                for target, _expired in expired:
                    if target.held:
                        found.held[target.school_id] += 1
                tally, touched = erase_targets(expired, dry_run=True)
                found.tally += tally
                schools = {t.subject: t.school_id for t, _e in expired}
                found.subjects.update(schools[s] for s in touched)
    if school_id is not None:
        # A parent with children at two schools counts at the school of the one who left last.
        found.tally = Counter({k: n for k, n in found.tally.items() if k[0] == school_id})
    return found


def _batches(
    board_id: int, kind: str, day: date, rules: r.Rules, school_id: int | None
) -> Iterator[list[int]]:
    """The candidates in batches of PREVIEW_BATCH, in ID order; a parent's guardian records
    that share one sign-in account (a record per school) join the batch of the first of them.
    The account goes with the last of its records (accounts.privacy), so a dry run counts it
    only when they are asked together: whatever the batches, every count agrees."""
    found = candidates(board_id, kind, day, rules, school_id)
    rows: list[tuple[int, int | None]] = (
        list(found.values_list("pk", "user_id"))
        if kind == "guardian"
        else [(pk, None) for pk in found.values_list("pk", flat=True)]
    )
    sharing: dict[int, list[int]] = {}
    for pk, user_id in rows:
        if user_id is not None:
            sharing.setdefault(user_id, []).append(pk)
    user = dict(rows)
    done: set[int] = set()
    for start in range(0, len(rows), PREVIEW_BATCH):
        batch = [pk for pk, _u in rows[start : start + PREVIEW_BATCH] if pk not in done]
        joined = {j for pk in batch for j in sharing.get(user[pk] or 0, ())} - set(batch)
        batch = sorted(set(batch) | joined)
        done.update(batch)
        if batch:
            yield batch


def preview(board: Board, *, school_id: int | None = None, day: date | None = None) -> Preview:
    """What a run would erase on `day` (default today), per rule and category; nothing changes."""
    return count(board, school_id=school_id, day=day).preview(school_id)
