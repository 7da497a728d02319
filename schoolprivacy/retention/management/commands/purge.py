"""`schoolprivacy purge [--dry-run]`: erase what the register's retention rules say has expired.

Resumes an unfinished run of a board (after a crash or a kill) where its last committed batch
ended. Prints counts per rule and category, never values.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schoolprivacy.retention.engine import BATCH_SIZE, purge_run, totals
from schoolprivacy.retention.first_run import PurgeRefused
from schoolprivacy.retention.preview import preview
from schoolprivacy.schools.models import Board


class Command(BaseCommand):
    help = (
        "Erase personal data whose retention period has ended, following the processing "
        "register's rules, through every app. Resumes an interrupted run. Prints counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count; erase nothing.")
        parser.add_argument("--board", type=int, help="Only this board (its ID).")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--pause", type=float, default=0.0, help="Seconds to wait between batches."
        )
        parser.add_argument("--day", help="Count the rules on this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        boards = Board.objects.order_by("pk")
        if options["board"] is not None:
            boards = boards.filter(pk=options["board"])
            if not boards.exists():
                raise CommandError(_("No board with that ID."))
        try:
            day = date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError as exc:
            raise CommandError(_("Give the day as YYYY-MM-DD.")) from exc
        for board in boards:
            if options["dry_run"]:
                found = preview(board, day=day)
                self.stdout.write(
                    _("%(board)s: %(count)d items would be erased.")
                    % {"board": board.name, "count": found.total}
                )
                for (rule, _name, key), count in found.counts.items():
                    self.stdout.write(f"  {rule} {key}: {count}")
                continue

            def progress(phase: str, done: int, total: int) -> None:
                self.stdout.write(
                    _("%(phase)s: %(done)d of %(total)d subjects")
                    % {"phase": phase, "done": done, "total": total}
                )
                self.stdout.flush()

            try:
                run = purge_run(
                    board=board,
                    day=day,
                    batch_size=max(options["batch_size"], 1),
                    pause=max(options["pause"], 0.0),
                    progress=progress,
                )
            except PurgeRefused as refused:
                raise CommandError(f"{board.name}: {refused}") from refused
            if run.status == run.Status.RUNNING:
                # Another process (the nightly task) resumed this run and carries it on.
                self.stdout.write(
                    _("%(board)s: another process carries this purge on.") % {"board": board.name}
                )
                continue
            erased = totals(run)
            self.stdout.write(
                _("%(board)s: %(count)d items erased.")
                % {"board": board.name, "count": sum(erased.values())}
            )
            for (rule, key), count in erased.items():
                self.stdout.write(f"  {rule} {key}: {count}")
