import logging
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from schoolprivacy.demo.worker import PatientWorker
from schoolprivacy.imports import pending

QUEUE = "default"
SWEEP_SECONDS = 60.0
logger = logging.getLogger("schoolprivacy.worker")


def sweep_forever() -> None:
    """Uploaded exports wait at most IMPORTS_PENDING_MINUTES, whether or not anyone uploads
    again: the worker, which runs wherever imports run, deletes the older ones every minute."""
    while True:
        try:
            pending.sweep()
        except OSError:
            logger.exception("Sweeping the pending import files failed; trying again later.")
        time.sleep(SWEEP_SECONDS)


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue (the worker `serve` starts). Like "
        "django-tasks-db's db_worker, but a locked database is waited for, with a growing pause "
        "of at most 10 seconds, instead of stopping the worker. Every minute it also deletes "
        "uploaded import files older than IMPORTS_PENDING_MINUTES."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of an empty queue."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks waiting now, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("schoolprivacy.worker", "django_tasks_db", "django.tasks"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.INFO if options["verbosity"] else logging.CRITICAL)
            if not logger.hasHandlers():
                logger.addHandler(logging.StreamHandler(self.stderr))
        worker = PatientWorker(
            queue_names=[QUEUE],
            interval=max(options["interval"], 0.0),
            batch=options["batch"],
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        # A daemon thread: it holds no transaction and stops with the worker.
        threading.Thread(target=sweep_forever, name="sweep imports", daemon=True).start()
        if not options["batch"]:
            # The daily check of published photos against consent (photos/sweep.py) queues its
            # own next run; this starts the chain when none is queued.
            from schoolprivacy.photos.tasks import daily_check_schedule

            daily_check_schedule()
            # And of published videos (videos/sweep.py), half an hour later.
            from schoolprivacy.videos.tasks import daily_check_schedule as video_check_schedule

            video_check_schedule()
            # Deadline reminders of rights requests (requests/reminders.py), daily likewise.
            from schoolprivacy.requests.tasks import reminders_schedule

            reminders_schedule()
            # The nightly retention purge (retention/tasks.py) likewise.
            from schoolprivacy.retention.tasks import purge_schedule

            purge_schedule()
        worker.run()
