"""`schoolprivacy import-las FILE --school BRIN`: bring one school in step with an LAS export."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from schoolprivacy.imports import kept
from schoolprivacy.imports.formats import UnreadableFile
from schoolprivacy.imports.headers import FORMATS
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.render import summary_lines
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.services import MappingError, import_las, read_mapping
from schoolprivacy.schools.models import School


class Command(BaseCommand):
    help = (
        "Import pupils, guardians and groups of one school from an ESIS, ParnasSys or generic "
        "export (CSV or .xlsx). The pupil number is the key: new pupils are created, changed "
        "fields updated, and pupils missing from a full export marked as left (never deleted). "
        "All or nothing: a file with problems changes nothing unless --skip-bad-rows is given. "
        "The file itself is not kept unless --keep-file is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="BRIN of the school, e.g. 12AB.")
        parser.add_argument("--format", default="auto", choices=FORMATS)
        parser.add_argument("--dry-run", action="store_true", help="Show the changes only.")
        parser.add_argument("--mapping", type=Path, help="TOML file mapping unknown headers.")
        parser.add_argument("--skip-bad-rows", action="store_true")
        parser.add_argument(
            "--keep-file",
            action="store_true",
            help="Keep an encrypted copy of the file under VAR_DIR/imports-kept (default: not).",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is not a full export: do not mark missing pupils as left.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(brin=options["school"].strip().upper()).first()
        if school is None:
            raise CommandError(f"No school with BRIN {options['school']}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["keep_file"] and options["dry_run"]:
            raise CommandError("--keep-file keeps the file of an import, not of a dry run.")
        mapping = None
        if options["mapping"]:
            try:
                mapping = read_mapping(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, MappingError) as exc:
                raise CommandError(str(exc)) from exc

        def progress(rows: int) -> None:
            if sys.stderr.isatty():
                self.stderr.write(f"\r{rows} rows", ending="")

        try:
            report = import_las(
                path=path,
                school=school,
                actor=None,
                format_name=options["format"],
                mapping=mapping,
                dry_run=options["dry_run"],
                skip_bad_rows=options["skip_bad_rows"],
                full=not options["partial"],
                channel="command",
                progress=progress,
            )
        except UnreadableFile as exc:
            if not options["dry_run"]:
                self._record(school, path, None, keep=options["keep_file"])
            raise CommandError(str(exc)) from exc
        if not options["dry_run"]:
            run = self._record(school, path, report, keep=options["keep_file"])
            if run.file_kept:
                self.stdout.write(f"The file is kept, encrypted, as import run {run.pk}.")
        if sys.stderr.isatty():
            self.stderr.write("")
        for line in summary_lines(report):
            self.stdout.write(line)
        if report.blocked:
            raise CommandError("Nothing was imported: fix the problems or use --skip-bad-rows.")

    def _record(
        self, school: School, path: Path, report: Report | None, *, keep: bool
    ) -> ImportRun:
        """The run, as the web import records it; the file itself is the user's, so it is
        copied when kept, never moved."""
        status, error = ImportRun.Status.DONE, ""
        if report is None:
            status, error = ImportRun.Status.FAILED, ImportRun.Error.UNREADABLE
        elif not report.applied:
            status, error = ImportRun.Status.FAILED, ImportRun.Error.BLOCKED
        rows = report.rows if report else 0
        run = ImportRun.objects.create(
            board=school.board, school=school, status=status, error=error,
            rows_done=rows, rows_total=rows, counts=report.counts() if report else {},
            finished_at=timezone.now(),
        )  # fmt: skip
        if keep:
            kept.keep(path, board_id=school.board_id, run_id=run.pk)
            run.file_kept = True
            run.save(update_fields=["file_kept"])
        return run
