"""`schoolprivacy purge-videos`: delete videos whose purpose has ended (register rule)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from schoolprivacy.schools.models import Board
from schoolprivacy.videos.retention import videos_purge


class Command(BaseCommand):
    help = (
        "Delete videos whose purpose has ended, following the register's retention rule for "
        "photos and video: not published anywhere, and the school year of the activity (or the "
        "last withdrawal) plus the rule's period has passed. Prints counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count; delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        for board in Board.objects.order_by("name"):
            count = videos_purge(board=board, actor_id=None, dry_run=dry_run)
            message = (
                ngettext(
                    "%(board)s: %(count)d video would be deleted.",
                    "%(board)s: %(count)d videos would be deleted.",
                    count,
                )
                if dry_run
                else ngettext(
                    "%(board)s: %(count)d video deleted.",
                    "%(board)s: %(count)d videos deleted.",
                    count,
                )
            )
            self.stdout.write(message % {"board": board.name, "count": count})
