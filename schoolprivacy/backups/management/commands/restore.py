"""`schoolprivacy restore FILE`: put a backup in place of the database, then verify the audit
log and (with --replay-erasures) erase again what was erased after the backup."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from schoolprivacy.backups import aftercare, append_only, postgres, sqlite
from schoolprivacy.backups.engine import database, is_sqlite, sqlite_path
from schoolprivacy.backups.files import default_path, written_atomically
from schoolprivacy.retention.erasure import log_path


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `schoolprivacy backup`. The file is checked "
        "first (a database of this product, not of a newer version, undamaged); the current "
        "database is copied to BACKUP_DIR before it is replaced, and replaced in one "
        "transaction. Refused without --yes: a restore loses everything written since the "
        "backup. Afterwards the schema is brought up to this version, the append-only triggers "
        "(audit log, consent ledger, register history) are installed again, the audit log is "
        "verified, and erasures done after the backup are replayed with --replay-erasures "
        "(otherwise run `schoolprivacy replay-erasures` before the service starts again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", nargs="?", help="The backup file.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm: replace the current database, also while it is in use.",
        )
        parser.add_argument(
            "--replay-erasures",
            action="store_true",
            help="Erase again what the erasure log says was erased (after the backup).",
        )
        parser.add_argument(
            "--aftercare-only",
            action="store_true",
            help="After a restore done by hand (pg_restore): only the steps that follow a "
            "restore (schema, append-only triggers, keeping erased people's numbers unused, "
            "audit check, replay).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["aftercare_only"]:
            self._aftercare(replay=options["replay_erasures"])
            return
        if not options["file"]:
            raise CommandError(_("Give the backup file to restore."))
        backup = Path(options["file"])
        try:
            recorded = self._inspect(backup)
        except sqlite.NotABackup as error:
            raise CommandError(
                _("Not restored: %(reason)s The database was not changed.") % {"reason": error}
            ) from None
        newer = aftercare.newer_migrations(recorded)
        if newer:
            raise CommandError(
                _(
                    "Not restored: %(file)s was made by a newer version of Schoolprivacy "
                    "(migrations %(names)s). Install that version to restore it. The database "
                    "was not changed."
                )
                % {"file": backup, "names": ", ".join(newer)}
            )
        users = self._users()
        if not options["yes"]:
            reason = (
                _("The database is in use (%(users)s): stop the service first.") % {"users": users}
                if users
                else _("A restore loses everything written since the backup was made.")
            )
            raise CommandError(
                _("Not restored: %(reason)s Run again with --yes to replace the database.")
                % {"reason": reason}
            )
        safety = self._replace(backup)
        self.stdout.write(_("Restored %(file)s.") % {"file": backup})
        if safety is not None:
            self.stdout.write(
                _("The database as it was before is kept in %(file)s.") % {"file": safety}
            )
        self._aftercare(replay=options["replay_erasures"])

    def _inspect(self, backup: Path) -> frozenset[tuple[str, str]]:
        if is_sqlite():
            return sqlite.inspect(backup).migrations
        if not backup.is_file():
            raise sqlite.NotABackup(_("There is no file %(file)s.") % {"file": backup})
        if postgres.tool_missing("pg_restore"):
            raise CommandError(self._postgres_steps(backup))
        return postgres.inspect(backup)

    def _users(self) -> str:
        """Who else has the database open, or "" when nobody does."""
        if is_sqlite():
            pids = sqlite.users_of(sqlite_path())
            return _("processes %(pids)s") % {"pids": ", ".join(map(str, pids))} if pids else ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            (others,) = cursor.fetchone()
        connection.close()
        return _("%(n)d other connections") % {"n": others} if others else ""

    def _replace(self, backup: Path) -> Path | None:
        """Replace the database; return the copy of the database as it was (None: there was
        none)."""
        if is_sqlite():
            live = sqlite_path()
            safety = default_path("before-restore", ".sqlite3") if live.is_file() else None
            if safety is not None:
                with written_atomically(safety) as partial:
                    sqlite.online_copy(live, partial)
            sqlite.replace_database(backup, live, progress=self._progress())
            aftercare.reconnect()
            return safety
        db = database()
        safety = default_path("before-restore", ".pgdump")
        connection.close()
        with written_atomically(safety) as partial:
            self._run(postgres.dump_command(db, partial), db)
        self._run(postgres.restore_command(db, backup), db)
        aftercare.reconnect()
        return safety

    def _run(self, command: list[str], db: dict[str, Any]) -> None:
        done = postgres.run(command, db)
        if done.returncode != 0:
            raise CommandError(
                _("%(command)s failed: %(error)s")
                % {"command": command[0], "error": done.stderr.strip()}
            )

    def _aftercare(self, *, replay: bool) -> None:
        aftercare.migrate_forward()
        # A backup can come without its append-only triggers (dropped in the file, or a
        # function replaced): the migrations never run again, so they are put back here.
        guards = append_only.reinstall()
        self.stdout.write(
            _("Append-only guards installed again: %(n)d triggers on %(tables)s.")
            % {"n": guards, "tables": ", ".join(append_only.guarded_tables())}
        )
        aftercare.keep_erased_ids_unused()
        check = aftercare.verify_audit()
        unreadable = aftercare.unreadable_sealed()
        if unreadable:
            # No replay: erasing needs to read the data. Nothing is erased in half.
            raise CommandError(
                _(
                    "Restored, but its encrypted data cannot be read with these DATA_KEYS "
                    "(%(columns)s): the backup was made under other keys. The erasures were NOT "
                    "replayed. Set the DATA_KEYS it was made with (keep the current ones beside "
                    "them) and run `schoolprivacy replay-erasures`, or restore the copy made "
                    "before (above). Do not start the service before that."
                )
                % {"columns": ", ".join(unreadable)}
            )
        if check.problems:
            # The erasures still come first: data erased on request must not stay back because
            # the backup's audit log is broken (edited, or made under another AUDIT_CHAIN_KEY).
            if replay:
                self._replay()
            raise CommandError(
                _(
                    "Restored, but the audit log is NOT intact: %(problems)s\nThe backup was "
                    "changed after it was made, or made with another AUDIT_CHAIN_KEY. Do not "
                    "start the service on it: restore the copy made before (above) or another "
                    "backup."
                )
                % {"problems": "\n".join(check.problems)}
            )
        self.stdout.write(_("Audit log intact: %(n)s events verified.") % {"n": check.events})
        aftercare.record_restore()
        if replay:
            self._replay()
        else:
            self.stdout.write(
                _(
                    "Now run `schoolprivacy replay-erasures`, before the service starts again: "
                    "data erased on request after this backup is back until then."
                )
            )

    def _replay(self) -> None:
        replayed = aftercare.replay_erasures()
        self.stdout.write(
            _("%(entries)d erasures replayed; %(erased)d items erased again.")
            % {"entries": replayed.entries, "erased": replayed.erased}
        )
        if replayed.already_done:
            self.stdout.write(
                _(
                    "%(n)d of them left alone: the database shows them as done, so the "
                    "backup was made after them."
                )
                % {"n": replayed.already_done}
            )
        if replayed.unreadable:
            raise CommandError(
                _(
                    "The erasure log %(file)s has lines that cannot be read (lines "
                    "%(lines)s); they were not replayed. Look at them: an erasure there must "
                    "be done again by hand."
                )
                % {"file": log_path(), "lines": ", ".join(map(str, replayed.unreadable))}
            )

    def _progress(self) -> sqlite.Progress:
        return sqlite.every_tenth_percent(
            lambda percent, _done, _total: self.stdout.write(
                _("Restored %(percent)d%%") % {"percent": percent}
            )
        )

    def _postgres_steps(self, backup: Path) -> str:
        return _(
            "pg_restore is not installed on this machine. Restore PostgreSQL with:\n"
            "%(command)s\nthen run `schoolprivacy restore --aftercare-only --replay-erasures` "
            "before the service starts: it installs the append-only triggers again, keeps the "
            "numbers of erased people from being given "
            "out again, verifies the audit log and erases again what was erased after the backup."
        ) % {"command": postgres.shown(postgres.restore_command(database(), backup))}
