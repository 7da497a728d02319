from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schoolprivacy.consents.outbox import handle_pending, notices_waiting_requeue
from schoolprivacy.consents.reminders import consent_rounds_remind
from schoolprivacy.consents.services import coming_of_age_notify
from schoolprivacy.schools.models import Board


class Command(BaseCommand):
    help = (
        "Handle pending consent events (withdrawals, refusals replacing a grant, disputes, pupils "
        "who turned 16). A withdrawal takes effect at once (domain.md: withdrawable at any time "
        "with immediate effect); this carries out what follows from it. First queues, once per "
        "pupil, the notice that a pupil who turned 16 now decides and may withdraw earlier "
        "consent (UAVG art. 5), and sends the one reminder of each yearly round that is due "
        "(only to holders who have not answered). Safe to run at any time and from several "
        "workers: an event is marked handled only after its handler succeeded. Run it daily "
        "(and the task runs it after every withdrawal)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-coming-of-age", action="store_true", help="Only handle pending events."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_coming_of_age"]:
            boards = list(Board.objects.all())
            queued = sum(coming_of_age_notify(board=board) for board in boards)
            # Pupils told nothing yet for want of an account, who have one now.
            queued += sum(notices_waiting_requeue(board.pk) for board in boards)
            self.stdout.write(f"Pupils who turned 16, notice queued: {queued}.")
            reminded = consent_rounds_remind()
            self.stdout.write(f"Consent rounds reminded: {reminded}.")
        handled = handle_pending()
        self.stdout.write(f"Consent events handled: {handled}.")
