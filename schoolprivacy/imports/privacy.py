"""`imports` keeps one row per import run: counts and codes, no pupil data. Who asked for the run,
and when, is staff activity. What a run remembers across chunks is in its own scratch file, deleted
when the run ends (`imports.scratch`), not in the database.

Erasure takes the staff member's name off the runs they asked for (the audit log keeps who did
what by account ID). A kept upload (`imports.kept`) holds every pupil of a school; the retention
engine removes it through `kept_files_expire` once its rule says so.
"""

from collections.abc import Collection
from datetime import datetime

from django.db import transaction

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.imports import kept
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
)

_ACTIVITY = "staff.activity"
RUNS = PersonalData(ImportRun, {"requested_by": _ACTIVITY, "created_at": _ACTIVITY})
PERSONAL_DATA = (RUNS,)
NOT_PERSONAL = (
    NotPersonal(
        ImportRun,
        {
            "status": "the state of the run",
            "counts": "numbers of rows, pupils and guardians only",
            "error": "a code, never a message quoting the file",
            "finished_at": "when the task ended, not a person's action",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff" or subject.user_id is None:
        return {}
    runs = ImportRun.objects.filter(board_id=subject.board_id, requested_by=subject.user_id)
    return collect(RUNS, runs.order_by("created_at"), subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    wanted = categories is None or _ACTIVITY in categories
    if subject.kind == "staff" and subject.user_id is not None and wanted:
        with transaction.atomic():
            runs = ImportRun.objects.filter(board_id=subject.board_id, requested_by=subject.user_id)
            found = runs.count()
            if found:
                counts = {_ACTIVITY: found}
            if found and not dry_run:
                runs.update(requested_by=None)
                audit_record(
                    action="imports.requester.erased",
                    board_id=subject.board_id,
                    actor_id=actor_id,
                    subjects=[Subject(subject_types.STAFF, subject.id)],
                    context=counts,
                    channel="system",
                )
    return Erasure("imports", counts, done=not dry_run)


def kept_files_expire(
    *, board_id: int, finished_before: datetime, dry_run: bool = True
) -> list[int]:
    """Delete the kept uploads of runs that ended before `finished_before`; their run IDs.

    The run row stays (counts and codes only) with `file_kept` false, so its page no longer
    offers a file. Audited per run, with no content.
    """
    runs = ImportRun.objects.filter(
        board_id=board_id, file_kept=True, finished_at__lt=finished_before
    ).order_by("pk")
    ids = list(runs.values_list("pk", flat=True))
    if dry_run:
        return ids
    for run_id in ids:
        with transaction.atomic():
            ImportRun.objects.filter(pk=run_id).update(file_kept=False)
            audit_record(
                action="imports.kept_file.expired",
                board_id=board_id,
                actor_id=None,
                subjects=[Subject(subject_types.IMPORT_RUN, run_id)],
                channel="task",
            )
            path = kept.path_for(board_id, run_id)
            transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))  # type: ignore[misc]
    return ids
