"""The confirmed import, run by the task queue so a long file does not hold a web request.

Only IDs and options travel through the queue. Progress goes to a small file next to the pending
upload, not to the ImportRun row: its first pass (the check) writes nothing to the database, and
should not start to for a progress bar.
"""

from pathlib import Path

from django.tasks import task
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.imports import kept
from schoolprivacy.imports import pending as pending_files
from schoolprivacy.imports.formats import UnreadableFile, open_table
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.services import import_las


def progress_path(run_id: int) -> Path:
    return pending_files.directory() / f"run-{run_id}.progress"


def rows_done(run: ImportRun) -> int:
    """Rows read so far: from the progress file while running, else from the row."""
    if run.status == ImportRun.Status.RUNNING:
        try:
            return min(int(progress_path(run.pk).read_text()), run.rows_total)
        except (OSError, ValueError):
            return run.rows_done
    return run.rows_done


def _write_progress(run_id: int, rows: int) -> None:
    path = progress_path(run_id)
    partial = path.with_suffix(".tmp")
    partial.write_text(str(rows))
    partial.replace(path)  # atomic, so the page never reads half a number


def _count_rows(path: Path) -> int:
    try:
        return sum(1 for _ in open_table(path).rows)
    except (UnreadableFile, UnicodeDecodeError):
        return 0  # import_las reports it properly


def _finish(run: ImportRun, *, status: str, error: str = "", keep: Path | None = None) -> None:
    # Kept before the status says finished: the status page stops refreshing then, and must
    # say truly whether the file was kept.
    if keep is not None and keep.is_file():
        kept.keep(keep, board_id=run.board_id, run_id=run.pk)
        run.file_kept = True
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.save(update_fields=["status", "error", "finished_at", "rows_done", "counts", "file_kept"])


@task()
def run_import(
    *,
    run_id: int,
    token: str,
    format_name: str,
    skip_bad_rows: bool,
    partial: bool,
    keep_file: bool = False,
) -> None:
    updated = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not updated:
        return  # run twice by the queue: the first one did the work
    run = ImportRun.objects.select_related("school").get(pk=run_id)
    sealed_path = pending_files.directory() / token
    try:
        if not sealed_path.is_file():
            _finish(run, status=ImportRun.Status.FAILED, error=ImportRun.Error.MISSING)
            return
        # A plain copy exists only while the import reads it (imports.pending).
        with pending_files.opened(sealed_path) as path:
            _import(
                run, path, format_name=format_name, skip_bad_rows=skip_bad_rows,
                partial=partial, keep=path if keep_file else None,
            )  # fmt: skip
    finally:
        # Files are not kept after an import (issue 5 §4) unless the user asked (`_finish`).
        sealed_path.unlink(missing_ok=True)
        progress_path(run_id).unlink(missing_ok=True)


def _import(
    run: ImportRun, path: Path, *, format_name: str, skip_bad_rows: bool, partial: bool,
    keep: Path | None,
) -> None:  # fmt: skip
    run.rows_total = _count_rows(path)
    run.save(update_fields=["rows_total"])
    actor = User.objects.filter(pk=run.requested_by_id).first() if run.requested_by_id else None
    try:
        report = import_las(
            path=path,
            school=run.school,
            actor=actor,
            format_name=format_name,
            skip_bad_rows=skip_bad_rows,
            full=not partial,
            channel="web",
            progress=lambda rows: _write_progress(run.pk, rows),
        )
    except UnreadableFile:
        _finish(run, status=ImportRun.Status.FAILED, error=ImportRun.Error.UNREADABLE, keep=keep)
        return
    except Exception:
        _finish(run, status=ImportRun.Status.FAILED, error=ImportRun.Error.INTERNAL, keep=keep)
        raise
    run.counts, run.rows_done = report.counts(), report.rows
    if report.applied:
        _finish(run, status=ImportRun.Status.DONE, keep=keep)
    else:
        _finish(run, status=ImportRun.Status.FAILED, error=ImportRun.Error.BLOCKED, keep=keep)
