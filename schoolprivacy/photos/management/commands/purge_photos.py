"""`schoolprivacy purge-photos`: delete photos whose purpose has ended (register rule), and
stored files that no photo or publication points at (orphans of interrupted uploads)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from schoolprivacy.photos.orphans import ORPHAN_AGE, orphans_sweep
from schoolprivacy.photos.retention import photos_purge
from schoolprivacy.schools.models import Board


class Command(BaseCommand):
    help = (
        "Delete photos whose purpose has ended, following the register's retention rule; then "
        "delete stored files that no photo or publication points at and that are older than "
        f"{ORPHAN_AGE.seconds // 3600} hour (left by uploads that were killed before their "
        "commit). Prints counts only."
    )

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
        orphans = orphans_sweep(dry_run=dry_run).deleted
        orphan_message = (
            ngettext(
                "%(count)d stored file without a photo would be deleted.",
                "%(count)d stored files without a photo would be deleted.",
                orphans,
            )
            if dry_run
            else ngettext(
                "%(count)d stored file without a photo deleted.",
                "%(count)d stored files without a photo deleted.",
                orphans,
            )
        )
        self.stdout.write(orphan_message % {"count": orphans})
