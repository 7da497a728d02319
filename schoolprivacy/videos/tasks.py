"""Background tasks of the videos: processing an upload, making a publication's file, blurring an
original for good after an erasure; the daily check of live publications. Each is idempotent
and safe to run twice."""

from datetime import datetime, time, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from schoolprivacy.videos.rendering import original_blur, publication_render_run
from schoolprivacy.videos.services import video_process


@task()
def process_video_task(video_id: int) -> int:
    """Count faces in sampled frames and make the poster; enqueued after the upload's commit."""
    return video_process(video_id=video_id)


@task()
def render_publication_task(publication_id: int, version: int) -> str:
    """Make the file of one version of a publication (copy, mute or blur every face)."""
    return publication_render_run(publication_id=publication_id, version=version)


@task()
def blur_original_task(video_id: int) -> bool:
    """After an erasure: replace the stored original by one with every face blurred."""
    return original_blur(video_id=video_id)


# After the photos' check (photos/tasks.py, 03:00), which first writes the consent events of
# links that ended by date and runs the outbox: what is left here is real drift.
DAILY_CHECK_AT = time(3, 30)


def next_daily_run(now: datetime) -> datetime:
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(local.date(), DAILY_CHECK_AT))
    return run if run > now else run + timedelta(days=1)


@task()
def recheck_video_publications_task() -> int:
    """The daily check of every live video publication (videos/sweep.py); schedules the next."""
    from schoolprivacy.consents.outbox import handle_pending
    from schoolprivacy.schools.models import Board
    from schoolprivacy.videos.sweep import video_publications_sweep

    try:
        handle_pending()
        return sum(video_publications_sweep(board=b).drift for b in Board.objects.order_by("pk"))
    finally:
        daily_check_schedule()


def daily_check_schedule() -> bool:
    """Queue the next daily check unless one is queued already. Returns whether it queued one.
    Called when the task worker starts and by the check itself, as for photos."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = recheck_video_publications_task.module_path
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    recheck_video_publications_task.using(run_after=next_daily_run(timezone.now())).enqueue()
    return True
