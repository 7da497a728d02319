"""Background tasks of the requests app: building a download link's package (videos take
minutes), the daily reminder before deadlines (and another try for GDPR art. 19 notices whose
mail did not go out, removing packages of links that expired unused and zips no link names, and
queuing again builds whose worker died)."""

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

logger = logging.getLogger(__name__)

# In the morning, before the working day starts (local time).
DAILY_REMINDER_AT = time(6, 30)


def next_run(now: datetime) -> datetime:
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(local.date(), DAILY_REMINDER_AT))
    return run if run > now else run + timedelta(days=1)


@task()
def build_package_task(link_id: int) -> str:
    """Build the package of a download link (requests/building.py); queued with the link."""
    from schoolprivacy.requests.building import package_build_run

    return package_build_run(link_id=link_id)


@task()
def remind_requests_task() -> int:
    """Send today's deadline reminders, then the day's upkeep; schedules the next run.

    Each upkeep step runs even when one before it fails (a storage that is down must not stop
    the notices), and the next run is queued whatever happens: a task that stopped queuing itself
    would stop the reminders of legal deadlines until the worker restarts. A failure is logged
    and raised again at the end, so the task's result says it failed."""
    from schoolprivacy.requests.build_recovery import package_builds_recover
    from schoolprivacy.requests.building import archives_remove_expired
    from schoolprivacy.requests.notices import notices_send_queued
    from schoolprivacy.requests.orphans import package_orphans_sweep
    from schoolprivacy.requests.reminders import requests_remind

    failures: list[Exception] = []
    try:
        sent = requests_remind(today=timezone.localdate())
        upkeep: tuple[Callable[[], object], ...] = (
            # GDPR art. 19 notices whose mail did not go out (the mail server was down).
            notices_send_queued,
            archives_remove_expired,
            # Zips that a build killed between saving and committing left without a link.
            package_orphans_sweep,
            # Builds whose worker died (nobody opened their page since): queued again or given up.
            package_builds_recover,
        )
        for step in upkeep:
            try:
                step()
            except Exception as error:  # one failing step must not stop the others
                logger.exception("The daily requests task: %s failed.", step.__name__)
                failures.append(error)
    finally:
        reminders_schedule()
    if failures:
        raise failures[0]
    return sent


def reminders_schedule() -> bool:
    """Queue the next daily reminder run unless one is queued. Called when the worker starts
    (demo/management/commands/task_worker.py) and by the task itself."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=remind_requests_task.module_path, status="READY"
    ).exists()
    if waiting:
        return False
    remind_requests_task.using(run_after=next_run(timezone.now())).enqueue()
    return True
