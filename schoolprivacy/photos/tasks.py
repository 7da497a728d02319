"""Background tasks of the photo library."""

from datetime import datetime, time, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from schoolprivacy.photos.services import faces_detect

# The daily check runs at night, when nobody publishes (local time).
DAILY_CHECK_AT = time(3, 0)


@task()
def detect_faces_task(photo_id: int) -> int:
    """Find the faces of a freshly uploaded photo; enqueued after the upload's commit."""
    return faces_detect(photo_id=photo_id)


def next_daily_run(now: datetime) -> datetime:
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(local.date(), DAILY_CHECK_AT))
    return run if run > now else run + timedelta(days=1)


@task()
def recheck_publications_task() -> int:
    """The daily check of every live publication (photos/sweep.py); schedules the next one."""
    from schoolprivacy.consents.holders import links_ended_notify
    from schoolprivacy.consents.outbox import handle_pending
    from schoolprivacy.photos.sweep import publications_sweep
    from schoolprivacy.schools.models import Board

    # Links that ended by the date alone are consent events too; carry them out first, so the
    # check below finds only what no event reached.
    links_ended_notify(day=timezone.localdate())
    handle_pending()
    drift = sum(publications_sweep(board=board).drift for board in Board.objects.all())
    daily_check_schedule()
    return drift


def daily_check_schedule() -> bool:
    """Queue the next daily check unless one is queued already. Returns whether it queued one.

    Called by `schoolprivacy serve` when it starts and by the check itself, so the chain never
    ends while a worker runs. Needs a backend that can defer tasks (the database backend can).
    """
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    name = f"{recheck_publications_task.module_path}"
    waiting = DBTaskResult.objects.filter(task_path=name, status="READY").exists()
    if waiting:
        return False
    recheck_publications_task.using(run_after=next_daily_run(timezone.now())).enqueue()
    return True
