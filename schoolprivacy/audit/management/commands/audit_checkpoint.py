from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.audit.checkpoint import make_checkpoint
from schoolprivacy.audit.verification import verify_all_chains


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit log: per board, the number of events and the id, "
        "hash and time of the last one, signed (Ed25519) with a key derived from "
        "AUDIT_CHAIN_KEY. Keep it outside the database and its backups; `verify-audit --against "
        "FILE` later fails when the log no longer extends it. Rule: refuses to sign a log that "
        "does not verify, so a checkpoint never vouches for tampering."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, metavar="FILE", help="Where to write it; - for standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = list(verify_all_chains(in_parts=True).values())
        problems = [str(r.problem) for r in reports if r.problem is not None]
        if problems:
            raise CommandError(
                _("Audit log is NOT intact, so no checkpoint was written: %(problems)s")
                % {"problems": "\n".join(problems)}
            )
        text = make_checkpoint(reports, now=timezone.now())
        if options["out"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["out"])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write the checkpoint %(file)s: %(error)s")
                % {"file": path, "error": error.strerror}
            ) from None
        self.stdout.write(
            _("Checkpoint written to %(file)s: %(chains)s chains, %(n)s events.")
            % {
                "file": path,
                "chains": sum(1 for r in reports if r.last is not None),
                "n": sum(r.checked for r in reports),
            }
        )
