"""Erasure of one data subject on request (issue 14 item 7; GDPR art. 17).

1. `erasure_plan` is the dry run: every app's `erase` counts, per category, what it holds; each
   line is marked `erase` or `keep` with a reason code:
   - `legal_hold`: an open legal hold on the pupil (retention.LegalHold);
   - `legal_retention`: a legal retention duty not yet over (enrolment and absence records for
     5 years after leaving, legal minimums; domain.md: "Erasure is refused, with reasons, for
     data under a legal retention duty");
   - `ongoing_care`: the pupil file of a pupil still at school, needed for their education;
   - the app's own reason (`accountability`, `append_only_audit_log`, ...).
   The plan is stored with a fingerprint: a SHA-256 over the plan and the subject's data as every
   app's `export` gives it (the values are hashed, never stored).
2. `erasure_confirm`, by the privacy officer after step-up authentication: under a row lock on
   the erasure, on the pupils whose holds keep the subject's data and on the subject, the plan
   and fingerprint are made again; when anything changed since the dry run (a new record, an
   edited note, a new hold) it refuses, and a new dry run is needed. Otherwise every app's
   `erase` runs for the categories marked `erase`, in the registry's order, in one transaction.
3. The erasure log: before the transaction commits, a line with the subject's IDs and the erased
   categories (never values) is appended to `erasures.jsonl` in ERASURE_LOG_DIR (default
   `VAR_DIR/erasure-log`), outside the database, so that `schoolprivacy replay-erasures` can erase
   again what a restored backup brought back (decision 0043). The audit log keeps its events
   (append-only and hash-chained, decision 0018): they hold IDs and codes, never values
   (contract 3), so there is nothing in them to redact; once the subject's rows are gone, the IDs
   they name point at nothing.
"""

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Guardian, Pupil, Staff
from schoolprivacy.privacy_registry import DataSubject, erase_subject, export_subject
from schoolprivacy.retention import rules as r
from schoolprivacy.retention.erasure_log import read_lines
from schoolprivacy.retention.models import LegalHold, SubjectErasure
from schoolprivacy.retention.signals import erasure_starting

LOG_NAME = "erasures.jsonl"
# The pupil file: what a pupil still at school needs for their education and care.
PUPIL_FILE = frozenset(
    {
        "pupil.results.tests",
        "pupil.results.reports",
        "pupil.results.central_exam",
        "pupil.observations",
        "pupil.care.notes",
        "pupil.care.measures",
        "pupil.care.diagnosis",
        "pupil.care.referral",
    }
)


class ErasureRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Line:
    app: str
    category: str
    count: int
    action: str  # "erase" or "keep"
    reason: str = ""


def _subject_row(kind: str, pk: int, board_id: int, *, lock: bool = False) -> Any:
    rows: QuerySet[Any]
    if kind == "pupil":
        rows = Pupil.objects.filter(pk=pk, board_id=board_id)
    elif kind == "guardian":
        rows = Guardian.objects.filter(pk=pk, board_id=board_id)
    else:
        rows = Staff.objects.filter(pk=pk, board_id=board_id)
    if lock:
        rows = rows.select_for_update()
    return rows.first()


def _pupils_of(subject: DataSubject) -> list[Pupil]:
    if subject.kind == "pupil":
        return list(Pupil.objects.filter(pk=subject.id, board_id=subject.board_id))
    if subject.kind == "guardian":
        return list(
            Pupil.objects.filter(
                guardian_relations__guardian_id=subject.id, board_id=subject.board_id
            )
        )
    return []


def _lock_pupils(subject: DataSubject) -> None:
    """FOR UPDATE on the rows of the subject's pupils, in ID order."""
    ids = [p.pk for p in _pupils_of(subject)]
    list(Pupil.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _held(subject: DataSubject) -> bool:
    ids = [p.pk for p in _pupils_of(subject)]
    return LegalHold.objects.filter(pupil_id__in=ids, released_at__isnull=True).exists()


def _event_day(subject: DataSubject) -> date | None:
    """The leaving date the rules count from; None while the subject is still there."""
    if subject.kind == "staff":
        staff = Staff.objects.filter(pk=subject.id).first()
        return staff.left_on if staff else None
    days = [p.left_on for p in _pupils_of(subject)]
    if not days or any(d is None for d in days):
        return None
    return max(d for d in days if d is not None)


def _keep_reason(
    key: str, subject: DataSubject, duties: dict[str, r.CategoryRule], day: date
) -> str:
    event_day = _event_day(subject)
    duty = duties.get(key)
    if (
        duty is not None
        and duty.is_duty
        and (event_day is None or duty.expires_on(event_day) >= day)
    ):
        return "legal_retention"
    if subject.kind == "pupil" and key in PUPIL_FILE and (event_day is None or event_day >= day):
        return "ongoing_care"
    return ""


def erasure_plan(subject: DataSubject, *, day: date | None = None) -> tuple[list[Line], str]:
    """The dry run: per app and category what would go and what is kept and why; and the
    fingerprint of the data it saw."""
    day = day or timezone.localdate()
    held = _held(subject)
    rules = r.category_rules(subject.board_id)
    present = {
        k for e in erase_subject(subject, actor_id=None, dry_run=True) for k, n in e.counts.items()
    }
    duties = r.effective(rules, present)
    lines: list[Line] = []
    for erasure in erase_subject(subject, actor_id=None, dry_run=True):
        for key, count in sorted(erasure.counts.items()):
            if not count:
                continue
            if key in erasure.kept:
                reason = erasure.kept[key]
            elif held:
                reason = "legal_hold"
            else:
                reason = _keep_reason(key, subject, duties, day)
            lines.append(Line(erasure.app, key, count, "keep" if reason else "erase", reason))
    return lines, fingerprint(subject, lines, held)


def fingerprint(subject: DataSubject, lines: list[Line], held: bool) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([asdict(line) for line in lines], sort_keys=True).encode())
    digest.update(json.dumps({"held": held}).encode())
    # Every value of the subject's data, as the apps export it: any edit changes the digest.
    exported = export_subject(subject)
    digest.update(json.dumps(exported, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _audit_subject(subject: DataSubject) -> Subject:
    return Subject(subject_types.for_person_kind(subject.kind), subject.id)


def erasure_dry_run(
    *, actor: User, subject: DataSubject, request_id: int | None = None
) -> SubjectErasure:
    """Make and store the dry run the privacy officer confirms."""
    lines, digest = erasure_plan(subject)
    with transaction.atomic():
        erasure = SubjectErasure.objects.create(
            board_id=subject.board_id,
            subject_kind=subject.kind,
            subject_id=subject.id,
            subject_user_id=subject.user_id,
            request_id=request_id,
            plan=[asdict(line) for line in lines],
            fingerprint=digest,
            planned_by=actor,
        )
        audit_record(
            action="retention.erasure.planned",
            board_id=subject.board_id,
            actor_id=actor.pk,
            subjects=[_audit_subject(subject), Subject(subject_types.ERASURE, erasure.pk)],
            context={"erase": sum(1 for x in lines if x.action == "erase")},
        )
    return erasure


def subject_of(erasure: SubjectErasure) -> DataSubject:
    return DataSubject(
        erasure.subject_kind, erasure.subject_id, erasure.board_id, erasure.subject_user_id
    )


def _refuse(erasure: SubjectErasure, actor: User, code: str) -> SubjectErasure:
    erasure.status = SubjectErasure.Status.REFUSED
    erasure.refusal = code
    erasure.confirmed_by = actor
    erasure.confirmed_at = timezone.now()
    erasure.save(update_fields=["status", "refusal", "confirmed_by", "confirmed_at"])
    audit_record(
        action="retention.erasure.refused",
        board_id=erasure.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.ERASURE, erasure.pk)],
        context={"reason": code},
    )
    return erasure


def erasure_confirm(*, actor: User, erasure_id: int, board_id: int) -> SubjectErasure:
    """Carry out a planned erasure, or refuse it (status `refused` with a code) when the data
    changed since the dry run or a hold was placed. Raises ErasureRefused("not_planned") when it
    was carried out or refused already (a second click, a second officer at the same time)."""
    with transaction.atomic():
        # Check-then-act under locks: the erasure row first (two confirmations of one plan wait
        # for each other), then the pupils' rows and the subject's row (writes that lock the
        # pupil, such as consent decisions and legal holds, wait for the erasure).
        erasure = (
            SubjectErasure.objects.select_for_update().filter(pk=erasure_id, board_id=board_id)
        ).first()
        if erasure is None or erasure.status != SubjectErasure.Status.PLANNED:
            raise ErasureRefused("not_planned")
        subject = subject_of(erasure)
        # The pupils whose holds keep the subject's data (the pupil; a parent's children), as
        # legal_hold_place locks them: a hold waits for the erasure, or the check sees it. Again
        # once the subject's row is locked (no child can be linked any more): one linked between.
        _lock_pupils(subject)
        if _subject_row(subject.kind, subject.id, subject.board_id, lock=True) is None:
            return _refuse(erasure, actor, "subject_gone")
        _lock_pupils(subject)
        lines, digest = erasure_plan(subject)
        if digest != erasure.fingerprint:
            return _refuse(erasure, actor, "changed_since_dry_run")
        categories = sorted({x.category for x in lines if x.action == "erase"})
        planned = {(x.app, x.category): x.count for x in lines if x.action == "erase"}
        done: list[dict[str, Any]] = []
        try:
            with transaction.atomic():
                if categories:
                    erasure_starting.send(
                        SubjectErasure,
                        erasure=erasure,
                        subject=subject,
                        categories=categories,
                        actor=actor,
                    )
                done = _erase(subject, actor, categories) if categories else []
                # A row written after the check (by a writer that does not lock the subject)
                # would be erased without having been in the plan: undo, and refuse.
                if any(planned.get((d["app"], d["category"]), 0) < d["count"] for d in done):
                    raise _MoreThanPlanned
        except _MoreThanPlanned:
            return _refuse(erasure, actor, "changed_since_dry_run")
        erasure.status = SubjectErasure.Status.DONE
        erasure.result = done
        erasure.confirmed_by = actor
        erasure.confirmed_at = timezone.now()
        erasure.save(update_fields=["status", "result", "confirmed_by", "confirmed_at"])
        audit_record(
            action="retention.erasure.done",
            board_id=erasure.board_id,
            actor_id=actor.pk,
            subjects=[_audit_subject(subject), Subject(subject_types.ERASURE, erasure.pk)],
            context={"erased": sum(d["count"] for d in done)},
        )
        # Write-ahead: the log line is on disk before the erasure commits. If the commit then
        # fails, a replay erases what the officer confirmed anyway.
        log_append(erasure, categories)
    return erasure


class _MoreThanPlanned(Exception):
    pass


def _erase(subject: DataSubject, actor: User, categories: list[str]) -> list[dict[str, Any]]:
    done = []
    for result in erase_subject(subject, actor_id=actor.pk, categories=categories, dry_run=False):
        for key, count in sorted(result.counts.items()):
            if key in categories and key not in result.kept and count:
                done.append({"app": result.app, "category": key, "count": count})
    return done


# --- The erasure log and its replay --------------------------------------------------------------


def log_path() -> Path:
    # Its own setting: one shared folder for all app servers, never restored with a backup.
    folder = settings.ERASURE_LOG_DIR or Path(settings.VAR_DIR) / "erasure-log"
    return Path(folder) / LOG_NAME


def log_append(erasure: SubjectErasure, categories: list[str]) -> None:
    entry = {
        "v": 1,
        "erasure": erasure.pk,
        "board": erasure.board_id,
        "kind": erasure.subject_kind,
        "subject": erasure.subject_id,
        "user": erasure.subject_user_id,
        "categories": categories,
        "at": timezone.now().isoformat(),
    }
    path = log_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def log_lines(path: Path | None = None) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, entry or None when the line is damaged) for every line that is not empty."""
    return read_lines(path or log_path())


def log_entries(path: Path | None = None) -> Iterator[dict[str, Any]]:
    """The readable entries; `erasures_replay` names the damaged lines."""
    for _number, entry in log_lines(path):
        if entry is not None:
            yield entry


@dataclass(frozen=True)
class Replayed:
    entries: int
    erased: int  # items erased again: what a restored backup had brought back
    # Entries the database already shows as done: the backup was made after them (decision 0043).
    already_done: int = 0
    # Numbers of the lines that could not be read: the operator must look at them.
    unreadable: tuple[int, ...] = ()


def _done_in_database(entry: dict[str, Any]) -> bool:
    """The restored database holds this erasure as done: the backup was made after it, so what
    the subject has now was recorded after the erasure, and a replay must leave it."""
    return SubjectErasure.objects.filter(
        pk=entry["erasure"],
        status=SubjectErasure.Status.DONE,
        subject_kind=entry["kind"],
        subject_id=entry["subject"],
    ).exists()


def erasures_replay(*, path: Path | None = None) -> Replayed:
    """Erase again, entry by entry, what the erasure log says was erased and the database does
    not show as done. Idempotent: what is already gone counts 0."""
    entries = erased = already_done = 0
    unreadable: list[int] = []
    for number, entry in log_lines(path):
        if entry is None:
            # One damaged line must not stop the replay of every other erasure.
            unreadable.append(number)
            continue
        entries += 1
        if _done_in_database(entry):
            already_done += 1
            continue
        subject = DataSubject(entry["kind"], entry["subject"], entry["board"], entry["user"])
        with transaction.atomic():
            found = 0
            for result in erase_subject(
                subject, actor_id=None, categories=entry["categories"], dry_run=False
            ):
                found += sum(n for k, n in result.counts.items() if k not in result.kept and n)
            if found:
                audit_record(
                    action="retention.erasure.replayed",
                    board_id=subject.board_id,
                    actor_id=None,
                    subjects=[_audit_subject(subject)],
                    context={"erasure": entry["erasure"], "erased": found},
                    channel="command",
                )
        erased += found
    return Replayed(entries, erased, already_done, tuple(unreadable))
