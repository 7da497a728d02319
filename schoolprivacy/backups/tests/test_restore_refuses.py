"""A restore refuses, with a message that says why, every file that is not a backup of this
product (a text file, a damaged backup, another program's database, a backup of a newer version)
and a database in use without --yes; the current database stays exactly as it was."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from schoolprivacy.backups.tests.conftest import Installation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite files"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_files(place: Installation, backup: Path) -> dict[str, Path]:
    text = place.root / "notes.txt"
    text.write_text("Dit is geen back-up.\n")
    damaged = place.root / "damaged.sqlite3"
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    damaged.write_bytes(bytes(data))
    other = place.root / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
        db.commit()
    newer = place.root / "newer.sqlite3"
    shutil.copy(backup, newer)
    with closing(sqlite3.connect(newer)) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('audit', '9999_from_the_future', '2030-01-01')"
        )
        db.commit()
    return {"text": text, "damaged": damaged, "other": other, "newer": newer}


def test_foreign_and_damaged_files_are_refused_and_the_database_is_untouched(world, installation):
    place = installation
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    made = place.run("backup", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    files = _foreign_files(place, backup)
    digest = _digest(place.database)
    for name, path in files.items():
        refused = place.run("restore", str(path), "--yes", "--replay-erasures")
        assert refused.returncode == 1, (name, refused.stdout)
        assert str(path) in refused.stderr, (name, refused.stderr)
        assert "Traceback" not in refused.stderr, refused.stderr
        assert _digest(place.database) == digest, name
    assert not list((place.var / "backups").glob("*before-restore*"))


def test_the_messages_say_why(world, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Dit is geen back-up.\n")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
    with translation.override("en"):
        for path, reason in [
            (text, "is not an SQLite database"),
            (other, "is an SQLite database, but not one of Schoolprivacy"),
            (tmp_path / "missing.sqlite3", "Cannot read"),
        ]:
            with pytest.raises(CommandError) as refused:
                call_command("restore", str(path), "--yes")
            assert reason in str(refused.value)
            assert "The database was not changed." in str(refused.value)


# A running service: another process that keeps one connection to the database open. It must be
# another process: a file of the database opened and closed in the process that holds the
# connection (as `_digest` does) drops that process's POSIX locks, and the restore then takes
# itself for the last user and deletes the -wal and -shm the connection still reads
# (https://sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_).
_SERVICE = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for sql in sys.stdin:
    print(json.dumps(db.execute(sql).fetchall()), flush=True)
"""


class _Service:
    def __init__(self, database: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVICE, str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pid = self.process.pid

    def query(self, sql: str) -> list[list[object]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(sql + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the service process stopped"
        return list(json.loads(line))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_database_in_use_is_replaced_only_with_yes(world, installation):
    place = installation
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    assert place.run("backup", "--out", str(backup)).returncode == 0
    service = _Service(place.database)
    try:
        # The service writes after the backup, so the restored database differs from the one it
        # has read (and holds in its page cache).
        service.query(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('audit', 'written_after_the_backup', '2030-01-01')"
        )
        ((in_use,),) = service.query("SELECT COUNT(*) FROM django_migrations")
        digest = _digest(place.database)
        refused = place.run("restore", str(backup))
        assert refused.returncode == 1
        assert str(service.pid) in refused.stderr, refused.stderr
        assert _digest(place.database) == digest
        confirmed = place.run("restore", str(backup), "--yes")
        assert confirmed.returncode == 0, confirmed.stderr
        # The open connection reads the restored database: one file, never a stale copy.
        ((restored,),) = service.query("SELECT COUNT(*) FROM django_migrations")
        assert restored == in_use - 1
        assert (
            service.query(
                "SELECT name FROM django_migrations WHERE app = 'audit' AND "
                "name = 'written_after_the_backup'"
            )
            == []
        )
    finally:
        service.close()
    assert list((place.var / "backups").glob("*before-restore*"))
