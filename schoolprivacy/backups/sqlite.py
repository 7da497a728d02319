"""SQLite: a consistent copy of the live database while the service runs, the checks a file must
pass before it may replace the database, and the replacement itself (decision 0043).

Both directions go through SQLite's online backup API, never through file copies: the copy reads
inside one read transaction (in WAL mode writers go on; the copy is the database as it was at
that moment), and the restore writes the backup's pages into the live database under SQLite's own
write lock, so that other connections see the old database or the new one, never a mix, and a
stale `-wal` file can never be replayed onto a file it does not belong to.
"""

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing as _closing
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

# Pages per step of the backup API (4 KiB each: 16 MiB), so that large databases show progress.
PAGES_PER_STEP = 4096
HEADER = b"SQLite format 3\x00"

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


def every_tenth_percent(report: Callable[[int, int, int], None]) -> Progress:
    """A progress callback that reports (percent, pages done, pages in all) at most once per ten
    percent, and only for databases that take more than one step: small ones are done at once."""
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = done * 100 // total if total else 100
        if total > PAGES_PER_STEP and percent // 10 != shown // 10:
            shown = percent
            report(percent, done, total)

    return progress


class NotABackup(Exception):
    """The file cannot replace the database; the message says why, for the operator."""


def _regexp(pattern: str | None, value: object) -> bool | None:
    """Django's REGEXP for SQLite, which the schema's check constraints call (the checks of
    `PRAGMA quick_check` evaluate them)."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def _open(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    connection.create_function("REGEXP", 2, _regexp, deterministic=True)
    return connection


def _connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    # mode=rw: a mistyped path is an error, not a new empty database.
    return _open(f"file:{path}?mode={'rwc' if create else 'rw'}")


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable=1: reading never writes to the file (no journal, no -wal beside it).
    return _open(f"file:{path}?mode=ro&immutable=1")


def _copy(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None
) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=step)


def online_copy(source: Path, target: Path, *, progress: Progress | None = None) -> None:
    """Copy the database at `source` into the new file `target` while others keep writing.

    The read transaction held on the source makes every step read the same snapshot: without
    it, a write between two steps would make SQLite start the copy again (for ever, on a busy
    database)."""
    with _closing(_connect(source)) as src, _closing(_connect(target, create=True)) as dst:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _copy(src, dst, progress)
        src.execute("COMMIT")
        # One self-contained file: no -wal beside it that a file copy could forget.
        dst.execute("PRAGMA journal_mode=DELETE")
        (result,) = dst.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise NotABackup(_("The copy does not pass SQLite's check: %(r)s") % {"r": result})


@dataclass(frozen=True)
class BackupFile:
    migrations: frozenset[tuple[str, str]]
    pages: int


def inspect(path: Path) -> BackupFile:
    """Read a file without changing it and say whether it is a database of this product; raise
    NotABackup with the reason otherwise."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(HEADER))
    except OSError as error:
        raise NotABackup(
            _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from None
    if header != HEADER:
        raise NotABackup(_("%(file)s is not an SQLite database.") % {"file": path})
    try:
        with _closing(_read_only(path)) as db:
            (result,) = db.execute("PRAGMA quick_check").fetchone()
            if result != "ok":
                raise NotABackup(
                    _("%(file)s is damaged (SQLite's check says: %(result)s).")
                    % {"file": path, "result": result}
                )
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not {"django_migrations", "audit_auditevent"} <= tables:
                raise NotABackup(
                    _("%(file)s is an SQLite database, but not one of Schoolprivacy.")
                    % {"file": path}
                )
            migrations = frozenset(db.execute("SELECT app, name FROM django_migrations"))
            (pages,) = db.execute("PRAGMA page_count").fetchone()
    except sqlite3.DatabaseError as error:
        raise NotABackup(
            _("%(file)s cannot be read as a database: %(error)s") % {"file": path, "error": error}
        ) from None
    return BackupFile(migrations, pages)


def replace_database(backup: Path, live: Path, *, progress: Progress | None = None) -> None:
    """Write the backup's pages into the live database: one write transaction of SQLite's, so
    the database is the old one or the backup, never half of each (also after a crash)."""
    live.parent.mkdir(parents=True, exist_ok=True)
    with (
        _closing(_read_only(backup)) as src,
        _closing(_connect(live, create=True)) as dst,
    ):
        _copy(src, dst, progress)


def users_of(path: Path) -> list[int]:
    """Processes (other than this one) that have the database or its -wal file open, as far as
    /proc shows them (Linux; processes of other users are not visible to a normal user)."""
    names = {str(path.resolve()), f"{path.resolve()}-wal"}
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in names for fd in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile, or not ours to look at
    return sorted(found)
