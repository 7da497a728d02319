"""`schoolprivacy replay-erasures`: after restoring a backup, erase again what was erased on
request since the backup was made, from the erasure log outside the database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schoolprivacy.retention.erasure import erasures_replay, log_path


class Command(BaseCommand):
    help = (
        "Run every erasure of the erasure log again (after a backup restore), except those the "
        "database shows as done (the backup was made after them). Safe to run more than once: "
        "what is already gone counts 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--log", help=f"The log file (default {log_path()}).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["log"]) if options["log"] else log_path()
        replayed = erasures_replay(path=path)
        self.stdout.write(
            _("%(entries)d erasures replayed; %(erased)d items erased again.")
            % {"entries": replayed.entries, "erased": replayed.erased}
        )
        if replayed.already_done:
            self.stdout.write(
                _(
                    "%(n)d of them left alone: the database shows them as done, so the backup "
                    "was made after them."
                )
                % {"n": replayed.already_done}
            )
        if replayed.unreadable:
            # Replayed what could be read; a damaged line may be an erasure: never "all done".
            raise CommandError(
                _(
                    "The erasure log %(file)s has lines that cannot be read (lines %(lines)s); "
                    "they were not replayed. Look at them: an erasure there must be done again "
                    "by hand."
                )
                % {"file": path, "lines": ", ".join(map(str, replayed.unreadable))}
            )
