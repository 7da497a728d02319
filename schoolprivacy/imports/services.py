"""Importing an export of the pupil administration: all or nothing, the same code for a preview.

A preview (dry run) runs the whole import in a transaction and rolls it back, so what the user
is shown is exactly what confirming will do. A file with problems is rolled back the same way
unless the user chose to skip bad rows.
"""

import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import audit_record
from schoolprivacy.imports.formats import UnreadableFile, open_table
from schoolprivacy.imports.headers import FORMATS, LABELS, detect_format, map_headers
from schoolprivacy.imports.parsing import Problem, RowParser
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.sync import Line, PupilSync
from schoolprivacy.schools.models import School

CHUNK_SIZE = 1000
Progress = Callable[[int], None]


class _RollBack(Exception):
    """Raised inside the transaction to undo a preview or a blocked import."""


class MappingError(ValueError):
    pass


def read_mapping(text: str) -> dict[str, str]:
    """A mapping file: `[columns]` with "header in the file" = "header we know"."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = _("The mapping file is not valid TOML: %(error)s") % {"error": exc}
        raise MappingError(message) from None
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise MappingError(_('The mapping file needs a [columns] table of "header" = "alias".'))
    return {str(k): v for k, v in columns.items()}


def import_las(
    *,
    path: Path,
    school: School,
    actor: User | None,
    format_name: str = "auto",
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    full: bool = True,
    today: date | None = None,
    channel: str = "command",
    progress: Progress | None = None,
) -> Report:
    """Bring `school`'s pupils in step with the export at `path`; see the module docstring.

    Raises UnreadableFile when the file is no table or lacks a required column.
    """
    if format_name not in FORMATS:
        raise UnreadableFile(_("Unknown format %(name)s.") % {"name": format_name})
    report = Report(skip_bad_rows=skip_bad_rows)
    try:
        table = open_table(path)
        headers = map_headers(table.headers, format_name=format_name, mapping=mapping)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("The file cannot be read as text.")) from exc
    missing = headers.missing()
    if missing:
        names = ", ".join(LABELS.get(m, m) for m in missing)
        raise UnreadableFile(_("Required columns are missing: %(names)s.") % {"names": names})
    report.format_name = detect_format(table.headers) if format_name == "auto" else format_name
    report.file_kind, report.detail = table.kind, table.detail
    report.unknown_headers = headers.unknown
    number_column = headers.pupil.get("education_number")
    try:
        with transaction.atomic():
            _run(
                table.rows,
                RowParser(headers),
                PupilSync(
                    school=school,
                    actor=actor,
                    today=today or timezone.localdate(),
                    report=report,
                    channel=channel,
                ),
                report,
                number_header=number_column.header if number_column else "",
                full=full,
                progress=progress,
            )
            if report.rows == 0:
                # A full import of an empty export would mark every pupil of the school as left.
                raise UnreadableFile(_("The file has no pupils, only column headers."))
            if dry_run or report.blocked:
                raise _RollBack
            report.applied = True
            audit_record(
                action="imports.run.completed",
                board_id=school.board_id,
                actor_id=actor.pk if actor else None,
                context={
                    "school": school.brin,
                    "format": report.format_name,
                    **report.counts(),
                },
                channel=channel,
            )
    except _RollBack:
        report.applied = False
    return report


def _run(
    rows: Iterable[tuple[int, list[str]]],
    parser: RowParser,
    sync: PupilSync,
    report: Report,
    *,
    number_header: str,
    full: bool,
    progress: Progress | None,
) -> None:
    index = parser.headers.pupil["external_id"].index
    chunk: list[Line] = []
    for number, cells in rows:
        report.rows += 1
        row, problems = parser.parse(number, cells)
        # A line that cannot be read still names its pupil, who therefore has not left.
        key = row.external_id if row else cells[index] if index < len(cells) else ""
        chunk.append(Line(number, key, row, problems))
        if len(chunk) >= CHUNK_SIZE:
            sync.apply(chunk, number_header=number_header)
            chunk = []
            if progress:
                progress(report.rows)
    if chunk:
        sync.apply(chunk, number_header=number_header)
    if progress:
        progress(report.rows)
    if full:
        sync.mark_left()
    sync.finish()


__all__ = ["CHUNK_SIZE", "MappingError", "Problem", "UnreadableFile", "import_las", "read_mapping"]
