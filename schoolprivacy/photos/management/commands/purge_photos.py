"""`schoolprivacy purge-photos`: delete photos whose purpose has ended (register rule)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from schoolprivacy.photos.retention import photos_purge
from schoolprivacy.schools.models import Board


class Command(BaseCommand):
    help = "Delete photos whose purpose has ended, following the register's retention rule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count; delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        for board in Board.objects.order_by("name"):
            count = photos_purge(board=board, actor_id=None, dry_run=dry_run)
            message = (
                ngettext(
                    "%(board)s: %(count)d photo would be deleted.",
                    "%(board)s: %(count)d photos would be deleted.",
                    count,
                )
                if dry_run
                else ngettext(
                    "%(board)s: %(count)d photo deleted.",
                    "%(board)s: %(count)d photos deleted.",
                    count,
                )
            )
            self.stdout.write(message % {"board": board.name, "count": count})
