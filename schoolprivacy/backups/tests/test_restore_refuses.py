"""A restore refuses, with a message that says why, every file that is not a backup of this
product (a text file, a damaged backup, another program's database, a backup of a newer version)
and a database in use without --yes; the current database stays exactly as it was."""

import hashlib
import os
import shutil
import sqlite3
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


def test_a_database_in_use_is_replaced_only_with_yes(world, installation):
    place = installation
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    assert place.run("backup", "--out", str(backup)).returncode == 0
    digest = _digest(place.database)
    # This process holds the database open, as a running service does.
    with closing(sqlite3.connect(place.database)) as service:
        service.execute("SELECT COUNT(*) FROM audit_auditevent").fetchone()
        refused = place.run("restore", str(backup))
        assert refused.returncode == 1
        assert str(os.getpid()) in refused.stderr, refused.stderr
        assert _digest(place.database) == digest
        confirmed = place.run("restore", str(backup), "--yes")
        assert confirmed.returncode == 0, confirmed.stderr
        # The open connection reads the restored database: one file, never a stale copy.
        assert service.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0] > 0
    assert list((place.var / "backups").glob("*before-restore*"))
