"""The nightly purge: a scheduled task that runs the retention engine for every board."""

from datetime import datetime, time, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import PurgeRefused
from schoolprivacy.schools.models import Board

# At night, after the photo check (photos/tasks.py runs at 03:00), when nobody works.
PURGE_AT = time(4, 0)


def next_run(now: datetime) -> datetime:
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(local.date(), PURGE_AT))
    return run if run > now else run + timedelta(days=1)


@task()
def purge_task() -> int:
    """Purge every board (resuming an unfinished run), then queue the next night's run. A board
    with a school whose first purge has no recent preview is left for the next night."""
    runs = 0
    try:
        for board in Board.objects.order_by("pk"):
            try:
                purge_run(board=board)
            except PurgeRefused:
                # A school waits for its first preview; the preview page lists which.
                continue
            runs += 1
    finally:
        purge_schedule()
    return runs


def purge_schedule() -> bool:
    """Queue the next purge unless one is queued already. Returns whether it queued one."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=purge_task.module_path, status="READY")
    if waiting.exists():
        return False
    purge_task.using(run_after=next_run(timezone.now())).enqueue()
    return True
