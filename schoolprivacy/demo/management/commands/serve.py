import os
import signal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from schoolprivacy.demo.serving import (
    DEFAULT_ADDR,
    AddressError,
    gunicorn_command,
    parse_addr,
    run_children,
    worker_command,
)

# The task backend the worker serves; with any other backend (tests: immediate) there is no queue.
DATABASE_TASKS = "django_tasks_db.DatabaseBackend"
# Exit statuses that mean "stopped because we asked it to".
STOPPED = {0, -signal.SIGTERM, -signal.SIGINT}


class Command(BaseCommand):
    help = (
        "Serve Schoolprivacy: gunicorn on --addr with --workers processes plus one background "
        "task worker (task_worker), both as child processes. SIGINT and SIGTERM are passed on to "
        "both. A task worker that exits is started again, after a pause that doubles with each "
        "exit in a row (at most a minute); when gunicorn exits the worker is stopped too, and "
        "the command exits non-zero unless it was asked to stop. Outside demo mode it first "
        "runs collectstatic."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=f"HOST:PORT to listen on (default {DEFAULT_ADDR})."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Number of gunicorn web processes (default 2; one per CPU core is plenty).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no task worker, e.g. when workers run on other machines (`db_worker`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        addr, workers = options["addr"], options["workers"]
        try:
            parse_addr(addr)
        except AddressError as exc:
            raise CommandError(str(exc)) from None
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if settings.MODE != "demo":
            # The demo serves static files from the source tree (WHITENOISE_USE_FINDERS).
            call_command("collectstatic", interactive=False, verbosity=0)
        elif "SITE_URL" not in os.environ:
            # Emailed links must point at the address the demo really serves on.
            os.environ["SITE_URL"] = f"http://{addr}"

        commands = {"gunicorn": gunicorn_command(addr, workers)}
        if not options["no_worker"]:
            if settings.TASKS["default"]["BACKEND"] == DATABASE_TASKS:
                commands["task worker"] = worker_command()
            else:
                self.stdout.write("Tasks run inside the web process here; no worker started.")
        # The children open their own database connections; ours would only sit idle.
        connections.close_all()

        def announce(pids: dict[str, int]) -> None:
            started = ", ".join(f"{name} pid {pid}" for name, pid in pids.items())
            self.stdout.write(f"Serving on http://{addr}/ ({started}). Stop with Ctrl+C.")
            self.stdout.flush()

        def restarted(name: str, code: int, pid: int) -> None:
            self.stderr.write(f"The {name} exited (status {code}); started again (pid {pid}).")
            self.stderr.flush()

        outcome = run_children(
            commands, announce, restart=frozenset({"task worker"}), restarted=restarted
        )
        codes = outcome.returncodes
        if outcome.first_exit is not None:
            code = codes[outcome.first_exit]
            raise CommandError(
                f"The {outcome.first_exit} exited (status {code}), so everything was stopped.",
                returncode=code if code > 0 else 1,
            )
        if codes["gunicorn"] not in STOPPED:
            raise CommandError(f"gunicorn failed while stopping (status {codes['gunicorn']}).")
        self.stdout.write("Stopped.")
