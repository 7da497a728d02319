"""`schoolprivacy purge-videos`: delete videos whose purpose has ended (register rule), and
stored video files that no video or publication points at (orphans of interrupted work)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from schoolprivacy.photos.orphans import ORPHAN_AGE
from schoolprivacy.schools.models import Board
from schoolprivacy.videos.orphans import video_orphans_sweep
from schoolprivacy.videos.retention import videos_purge


class Command(BaseCommand):
    help = (
        "Delete videos whose purpose has ended, following the register's retention rule for "
        "photos and video: not published anywhere, and the school year of the activity (or the "
        "last withdrawal) plus the rule's period has passed; then delete stored video files, "
        "posters and renditions that no video or publication points at and that are older than "
        f"{ORPHAN_AGE.seconds // 3600} hour (left by an upload or rendition that was killed "
        "before its commit). Prints counts only."
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
        orphans = video_orphans_sweep(dry_run=dry_run).deleted
        orphan_message = (
            ngettext(
                "%(count)d stored file without a video would be deleted.",
                "%(count)d stored files without a video would be deleted.",
                orphans,
            )
            if dry_run
            else ngettext(
                "%(count)d stored file without a video deleted.",
                "%(count)d stored files without a video deleted.",
                orphans,
            )
        )
        self.stdout.write(orphan_message % {"count": orphans})
