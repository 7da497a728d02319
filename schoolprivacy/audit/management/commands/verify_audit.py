from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schoolprivacy.audit.checkpoint import CheckpointError, extension_problems, load_checkpoint
from schoolprivacy.audit.verification import verify_all_chains


class Command(BaseCommand):
    help = (
        "Verify the audit log: every event must carry the HMAC of its content under "
        "AUDIT_CHAIN_KEY (events from before the key: the hash their chain's seal allows), follow "
        "the previous event of its board's chain, and the chain must end where its signed head "
        "says. With --against FILE, the log must also still extend that signed checkpoint: no "
        "chain may be shorter, missing or different up to the checkpointed event. Exits non-zero "
        "and names what is wrong when any event was modified, deleted, inserted or reordered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing when intact.")
        parser.add_argument(
            "--against",
            metavar="FILE",
            help="A checkpoint from `schoolprivacy audit-checkpoint` that the log must extend.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = None
        if options["against"]:
            path = Path(options["against"])
            try:
                checkpoint = load_checkpoint(path.read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(
                    _("Cannot read the checkpoint %(file)s: %(error)s")
                    % {"file": path, "error": error.strerror}
                ) from None
            except (CheckpointError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("Checkpoint %(file)s cannot be used: %(reason)s")
                    % {"file": path, "reason": error}
                ) from None
        reports = verify_all_chains(in_parts=True)
        problems = [str(r.problem) for r in reports.values() if r.problem is not None]
        if checkpoint is not None:
            problems += extension_problems(checkpoint, reports)
        if problems:
            raise CommandError(
                _("Audit log is NOT intact: %(problems)s") % {"problems": "\n".join(problems)}
            )
        if not options["quiet"]:
            total = sum(r.checked for r in reports.values())
            if checkpoint is None:
                self.stdout.write(_("Audit log intact: %(n)s events verified.") % {"n": total})
            else:
                self.stdout.write(
                    _(
                        "Audit log intact: %(n)s events verified; it extends the checkpoint of "
                        "%(date)s."
                    )
                    % {"n": total, "date": checkpoint.created_at}
                )
