"""`schoolprivacy backup`: one file with the whole database, made while the service runs."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schoolprivacy.backups import postgres, sqlite
from schoolprivacy.backups.engine import database, is_sqlite, sqlite_path
from schoolprivacy.backups.files import default_path, written_atomically

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to one file (default: BACKUP_DIR, a name with the "
        "time in UTC), while the service keeps running. SQLite: a consistent copy through "
        "SQLite's online backup API. PostgreSQL: pg_dump in custom format (the command is shown "
        "when pg_dump is not installed). The file appears whole or not at all. Not included: "
        "photo and video files, the erasure log and the keys; see docs/operations/backups.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="Write the backup to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["out"] and Path(options["out"]).is_dir():
            raise CommandError(
                _("%(file)s is a folder: give the name of the backup file.")
                % {"file": options["out"]}
            )
        if is_sqlite():
            out = Path(options["out"]) if options["out"] else default_path("sqlite", ".sqlite3")
            self._sqlite(out)
        else:
            out = Path(options["out"]) if options["out"] else default_path("postgres", ".pgdump")
            self._postgres(out)
        self.stdout.write(_("Backup written: %(file)s") % {"file": out})
        self.stdout.write(
            _(
                "Not in this file: photos and videos (%(photos)s), the erasure log, and the keys "
                "(SECRET_KEY, DATA_KEYS, AUDIT_CHAIN_KEY). Without DATA_KEYS the special data in "
                "the backup cannot be read: keep the keys, apart from the backups."
            )
            % {"photos": _photo_location()}
        )

    def _sqlite(self, out: Path) -> None:
        source = sqlite_path()
        if not source.is_file():
            raise CommandError(_("There is no database at %(file)s.") % {"file": source})
        live = source.resolve()
        if out.resolve() in {live, *(live.with_name(live.name + s) for s in SQLITE_SIDE_FILES)}:
            # The rename would put the copy in place of the file the service has open, beside
            # a -wal that belongs to the old file (decision 0043).
            raise CommandError(
                _("%(file)s is the database itself: write the backup to another file.")
                % {"file": out}
            )
        progress = sqlite.every_tenth_percent(
            lambda percent, done, total: self.stdout.write(
                _("Copied %(percent)d%% (%(done)d of %(total)d pages)")
                % {"percent": percent, "done": done, "total": total}
            )
        )
        try:
            with written_atomically(out) as partial:
                sqlite.online_copy(source, partial, progress=progress)
        except sqlite.NotABackup as error:
            raise CommandError(str(error)) from None

    def _postgres(self, out: Path) -> None:
        db = database()
        command = postgres.dump_command(db, out)
        if postgres.tool_missing("pg_dump"):
            # Never pretend: no file was written, and the exit status says so.
            raise CommandError(
                _(
                    "pg_dump is not installed on this machine. Back up PostgreSQL with pg_dump "
                    "(the PostgreSQL client tools, the server's version or newer):\n%(command)s"
                )
                % {"command": postgres.shown(command)}
            )
        with written_atomically(out) as partial:
            done = postgres.run(postgres.dump_command(db, partial), db)
            if done.returncode != 0:
                raise CommandError(
                    _("pg_dump failed; no backup was written: %(error)s")
                    % {"error": done.stderr.strip()}
                )


def _photo_location() -> str:
    photos = settings.STORAGES["photos"]
    options: Any = photos.get("OPTIONS", {})
    if "bucket_name" in options:
        return _("S3 bucket %(bucket)s") % {"bucket": options["bucket_name"]}
    return str(options.get("location", settings.PHOTOS_ROOT))
