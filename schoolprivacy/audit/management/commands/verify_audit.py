from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolprivacy.audit.verification import all_chains, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log: every event must hash to its stored SHA-256, follow the previous "
        "event of its board's chain, and the chain must end where its head says. Exits non-zero "
        "and names the first bad event when any event was modified, deleted, inserted or reordered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing when intact.")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for chain in all_chains():
            checked, problem = verify_chain(chain)
            total += checked
            if problem is not None:
                raise CommandError(f"Audit log is NOT intact: {problem}")
        if not options["quiet"]:
            self.stdout.write(f"Audit log intact: {total} events verified.")
