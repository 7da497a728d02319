"""`imports` keeps one row per import run: counts and codes, no pupil data. Who asked for the run,
and when, is staff activity. What a run remembers across chunks is in its own scratch file, deleted
when the run ends (`imports.scratch`), not in the database."""

from collections.abc import Collection

from schoolprivacy.imports.models import ImportRun
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
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
    if subject.kind == "staff" and subject.user_id is not None:
        runs = ImportRun.objects.filter(board_id=subject.board_id, requested_by=subject.user_id)
        counts = {_ACTIVITY: runs.count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    # Who imported the school's pupils is accountability, like the audit events of the run.
    return plan_only("imports", counts, reason="accountability", dry_run=dry_run)
