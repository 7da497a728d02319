import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from schoolprivacy.demo.worker import PatientWorker

QUEUE = "default"


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue (the worker `serve` starts). Like "
        "django-tasks-db's db_worker, but a locked database is waited for, with a growing pause "
        "of at most 10 seconds, instead of stopping the worker."
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
        worker.run()
