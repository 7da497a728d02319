"""The background task worker, patient with a locked database.

django-tasks-db's worker polls its queue in an exclusive transaction. On SQLite, when another
connection holds the write lock for longer than the busy timeout, opening that transaction fails
with "database is locked" before the worker's own error handling is reached, and the worker
exits. A lock always ends, so this worker waits and tries again, doubling the wait up to
`MAX_WAIT`; any other error still stops it (and `serve` starts a new one).
"""

import logging
import time

from django.db import OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("schoolprivacy.worker")

FIRST_WAIT = 0.5
MAX_WAIT = 10.0


class PatientWorker(Worker):
    def run(self) -> None:
        wait = FIRST_WAIT
        while True:
            started = time.monotonic()
            try:
                super().run()
                return  # --batch or --max-tasks: the worker is done
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
            if time.monotonic() - started > MAX_WAIT:
                wait = FIRST_WAIT  # it ran well for a while: this is a new lock, not the same
            logger.warning("The database is locked; the worker tries again in %.1f s.", wait)
            # A fresh connection: nothing of the failed transaction can linger.
            connections.close_all()
            time.sleep(wait)
            wait = min(wait * 2, MAX_WAIT)
