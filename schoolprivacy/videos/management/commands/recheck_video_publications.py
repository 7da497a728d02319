"""`schoolprivacy recheck-video-publications`: every live video publication through the gate."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.schools.models import Board
from schoolprivacy.videos.sweep import video_publications_sweep


class Command(BaseCommand):
    help = (
        "Check every live video publication against the consent status now and fix any drift: "
        "a video that may no longer be shown as it is gets every face blurred, or is taken "
        "offline (only ever hiding more). On a healthy system it finds nothing. Run it daily "
        "after recheck-publications; the task worker also runs it every night. With "
        "--fail-on-drift it exits 1 when it had to fix something, for monitoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail-on-drift",
            action="store_true",
            help="Exit with status 1 when any video publication had to be fixed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handle_pending()
        total = 0
        for board in Board.objects.order_by("name"):
            result = video_publications_sweep(board=board)
            total += result.drift
            self.stdout.write(
                _("%(board)s: live video publications checked: %(checked)d; fixed: %(drift)d.")
                % {"board": board.name, "checked": result.checked, "drift": result.drift}
            )
        if total and options["fail_on_drift"]:
            raise CommandError(
                _("Drift found and fixed in %(count)d video publications.") % {"count": total}
            )
