"""`schoolprivacy recheck-publications`: every live publication through the consent gate."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.consents.holders import links_ended_notify
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.sweep import publications_sweep
from schoolprivacy.schools.models import Board


class Command(BaseCommand):
    help = (
        "Check every live publication against the consent status now and fix any drift: a face "
        "that may no longer be shown is blurred, or the publication taken offline (only ever "
        "hiding more). On a healthy system it finds nothing, because every change of consent "
        "already reached the photos through the outbox. Run it daily; the task worker also runs "
        "it every day. With --fail-on-drift it exits 1 when it had to fix something, for "
        "monitoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail-on-drift",
            action="store_true",
            help="Exit with status 1 when any publication had to be fixed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Links that ended by the date alone are consent events too (consents/holders.py).
        links_ended_notify(day=timezone.localdate())
        handle_pending()
        total = 0
        for board in Board.objects.order_by("name"):
            result = publications_sweep(board=board)
            total += result.drift
            self.stdout.write(
                _("%(board)s: live publications checked: %(checked)d; fixed: %(drift)d.")
                % {"board": board.name, "checked": result.checked, "drift": result.drift}
            )
        if total and options["fail_on_drift"]:
            raise CommandError(
                _("Drift found and fixed in %(count)d publications.") % {"count": total}
            )
