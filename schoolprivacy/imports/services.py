"""Importing an export of the pupil administration: all or nothing, the same code for a preview.

Every import first *checks* the whole file: it reads, parses and compares it with the school's
data and computes the report, with reads only (`imports.undo.Writes`), so a preview (dry run)
is that check and takes no write lock. A file with problems stops there, unless the user chose
to skip bad rows. Only then is the file *applied*, chunk by chunk in short transactions, so the
rest of the service keeps writing meanwhile; if the apply cannot finish, what it wrote is put
back from its journal (decision 0017).
"""

import hashlib
import itertools
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import audit_record
from schoolprivacy.imports.formats import UnreadableFile, open_table
from schoolprivacy.imports.headers import FORMATS, LABELS, HeaderMap, detect_format, map_headers
from schoolprivacy.imports.pacing import paced as _paced
from schoolprivacy.imports.pacing import pause as _pause
from schoolprivacy.imports.parsing import Problem, RowParser
from schoolprivacy.imports.replay import Replay
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.scratch import Scratch
from schoolprivacy.imports.statistics import analyze, grew
from schoolprivacy.imports.sync import Line, PupilSync
from schoolprivacy.imports.undo import Journal, Writes
from schoolprivacy.people.accounts import accounts_sync
from schoolprivacy.schools.models import School

CHUNK_SIZE = 1000
# Lines per transaction of the apply: other writers wait at most for one such chunk. A chunk of
# 1,000 new pupils with their guardians held the lock for up to two seconds on a busy machine.
APPLY_CHUNK_SIZE = 200
Progress = Callable[[int], None]


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

    Raises UnreadableFile when the file is no table or lacks a required column, and
    PermissionDenied when `actor` may not import for the school today (`Duty.IMPORT`: the form
    offers only those schools, but a background run starts later and may outlive the role).
    `actor=None` is the platform operator's command line.
    """
    if actor is not None and not may(actor, Duty.IMPORT, school_id=school.pk):
        raise PermissionDenied
    if format_name not in FORMATS:
        raise UnreadableFile(_("Unknown format %(name)s.") % {"name": format_name})
    options = _Options(
        path, school, actor, format_name, mapping, skip_bad_rows, full,
        today or timezone.localdate(), channel,
    )  # fmt: skip
    # The check keeps its lines for the apply (imports.replay), in the apply's scratch file.
    scratch = None if dry_run else Scratch()
    try:
        replay = None if scratch is None else Replay(scratch)
        before = None if dry_run else _fingerprint(path)
        check = _pass(options, journal=None, progress=None, keep=replay)
        if check.rows == 0:
            # A full import of an empty export would mark every pupil of the school as left.
            raise UnreadableFile(_("The file has no pupils, only column headers."))
        if replay is None or check.blocked:
            return check
        if check.has_changes:
            assert scratch is not None
            if _fingerprint(path) != before:
                # The file changed since the check began (a path given to the command, written
                # again meanwhile): its lines are parsed again, as they are now, never the
                # check's mixed with the new file's (decision 0060).
                replay = None
            report = _apply(options, progress, scratch, replay)
        else:
            # The check wrote nothing and found nothing to write: a second pass would only read
            # the same rows again (an unchanged re-import, issue 18.2). The run is recorded.
            report = check
            _completed(options, report)
    finally:
        if scratch is not None:
            scratch.close()
    if report.applied and grew(report):
        analyze()
    if report.applied:
        # Accounts follow the pupil administration (issue 13.1): one short transaction after
        # the run, so a parent the file adds can be invited at once and one it drops is out.
        with _paced():
            accounts_sync(
                board_id=school.board_id,
                actor_id=actor.pk if actor else None,
                channel=channel,
                today=options.today,
                pause=_pause,
            )
    return report


@dataclass(frozen=True)
class _Options:
    path: Path
    school: School
    actor: User | None
    format_name: str
    mapping: dict[str, str] | None
    skip_bad_rows: bool
    full: bool
    today: date
    channel: str


class _Changed(Exception):
    """The apply met a problem the check did not: the school's data changed in between."""


def _fingerprint(path: Path) -> bytes:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "blake2b").digest()


def _apply(
    options: _Options, progress: Progress | None, scratch: Scratch, replay: Replay | None
) -> Report:
    """The second pass: write chunk by chunk; put everything back when it cannot finish."""
    journal = Journal(scratch)
    try:
        try:
            with _paced():
                report = _pass(
                    options, journal=journal, progress=progress, scratch=scratch, replay=replay
                )
            if report.blocked:
                raise _Changed
        except BaseException:
            journal.undo(school=options.school, actor=options.actor, channel=options.channel)
            raise
    except _Changed:
        report.applied = False
        return report
    return report


def _open(
    path: Path, format_name: str, mapping: dict[str, str] | None, report: Report
) -> tuple[Iterable[tuple[int, list[str]]], HeaderMap]:
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
    return table.rows, headers


def _pass(
    options: _Options,
    *,
    journal: Journal | None,
    progress: Progress | None,
    scratch: Scratch | None = None,
    keep: Replay | None = None,
    replay: Replay | None = None,
) -> Report:
    """One pass over the file: a check (no journal: nothing written), which keeps its lines in
    `keep` when they may be applied, or the apply, which replays them from `replay`."""
    report = Report(skip_bad_rows=options.skip_bad_rows)
    rows, headers = _open(options.path, options.format_name, options.mapping, report)
    number_column = headers.pupil.get("education_number")
    number_header = number_column.header if number_column else ""
    parser = RowParser(headers, today=options.today)
    lines = _lines(rows, parser, report)
    if replay is not None:
        # The lines before the first one the check kept are read from the file again (they
        # changed nothing: an unchanged re-import keeps none); the rest are replayed.
        lines = itertools.chain(
            itertools.islice(lines, replay.first), _counted(replay.lines(), report)
        )
    own_scratch = scratch is None
    scratch = scratch or Scratch()
    try:
        sync = PupilSync(
            school=options.school,
            actor=options.actor,
            today=options.today,
            report=report,
            channel=options.channel,
            scratch=scratch,
            writes=Writes(journal=journal),
        )
        _run(
            lines, sync, report,
            number_header=number_header, full=options.full, progress=progress, keep=keep,
        )  # fmt: skip
    finally:
        if own_scratch:
            scratch.close()
    if journal is not None and not report.blocked:
        _completed(options, report)
    return report


def _lines(
    rows: Iterable[tuple[int, list[str]]], parser: RowParser, report: Report
) -> Iterator[Line]:
    index = parser.headers.pupil["external_id"].index
    for number, cells in rows:
        report.rows += 1
        row, problems = parser.parse(number, cells)
        # A line that cannot be read still names its pupil, who therefore has not left. A number
        # with a NUL names nobody (the parser refuses it) and PostgreSQL cannot compare it.
        key = row.external_id if row else cells[index] if index < len(cells) else ""
        key = "" if "\x00" in key else key
        yield Line(number, key, row, problems)


def _counted(lines: Iterable[Line], report: Report) -> Iterator[Line]:
    for line in lines:
        report.rows += 1
        yield line


def _completed(options: _Options, report: Report) -> None:
    with transaction.atomic():
        audit_record(
            action="imports.run.completed",
            board_id=options.school.board_id,
            actor_id=options.actor.pk if options.actor else None,
            context={
                "school": options.school.brin,
                "format": report.format_name,
                **report.counts(),
            },
            channel=options.channel,
        )
    report.applied = True


def _run(
    lines: Iterable[Line],
    sync: PupilSync,
    report: Report,
    *,
    number_header: str,
    full: bool,
    progress: Progress | None,
    keep: Replay | None = None,
) -> None:
    size = CHUNK_SIZE if sync.writes.dry else min(CHUNK_SIZE, APPLY_CHUNK_SIZE)
    chunk: list[Line] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            _apply_chunk(sync, chunk, number_header, keep)
            chunk = []
            if progress:
                progress(report.rows)
    if chunk:
        _apply_chunk(sync, chunk, number_header, keep)
    if progress:
        progress(report.rows)
    if full and not report.blocked:
        sync.mark_left(pause=None if sync.writes.dry else _pause)


def _apply_chunk(
    sync: PupilSync, chunk: list[Line], number_header: str, keep: Replay | None = None
) -> None:
    """One chunk in its own short transaction: other writers wait for one chunk, never the file."""
    journal = sync.writes.journal
    if journal is None:
        sync.apply(chunk, number_header=number_header)
        if keep is not None:
            # From the first chunk with something to write on, the apply replays the lines.
            keep.keep(chunk, changed=sync.report.has_changes)
        return
    if sync.report.blocked:
        return  # the apply stops writing at its first new problem; the caller undoes it
    sync.writes.audits = []
    with transaction.atomic():
        sync.apply(chunk, number_header=number_header)
        # Last, so the board's audit chain is locked only for the end of the chunk.
        sync.writes.flush_audits()
    journal.committed()
    _pause()


__all__ = ["CHUNK_SIZE", "MappingError", "Problem", "UnreadableFile", "import_las", "read_mapping"]
