"""PostgreSQL: `schoolprivacy backup` runs pg_dump and `schoolprivacy restore` pg_restore in one
transaction; the restore verifies the audit chain and the replay erases again what was erased
after the backup. Also the drill: the same archive restored into an empty database elsewhere.

Runs when the suite runs on PostgreSQL and the client tools are installed:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/backup_test ./dev test schoolprivacy/backups
"""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from schoolprivacy.backups import aftercare
from schoolprivacy.backups.tests.conftest import Installation
from schoolprivacy.dossier.models import Record
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run, erasures_replay
from schoolprivacy.retention.tests.conftest import leave, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore"),
    pytest.mark.skipif(shutil.which("pg_restore") is None, reason="no PostgreSQL client tools"),
]

ERASED = {"pupil.observations", "pupil.results.tests"}
DRILL_DATABASE = "backup_dst"
SOURCE_DATABASE = "backup_src"


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


class PostgresInstallation(Installation):
    def __init__(self, root: Path, name: str) -> None:
        super().__init__(root)
        self.name = name

    def env(self) -> dict[str, str]:
        return {**super().env(), "DATABASE_URL": _url(self.name)}


def _psql(sql: str) -> None:
    db = connection.settings_dict
    subprocess.run(
        ["psql", "-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"],
         "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True,
    )  # fmt: skip


def _categories(pupil_id: int) -> set[str]:
    return set(Record.objects.filter(pupil_id=pupil_id).values_list("category_key", flat=True))


def test_pg_dump_backup_restores_verifies_and_replays(world, tmp_path, settings):
    settings.ERASURE_LOG_DIR = str(tmp_path / "var" / "erasure-log")
    register_install_defaults(board=world.board, actor_id=None)
    pupil = leave(world.pupil_a, date(2024, 11, 1))
    for key in (*ERASED, "pupil.absence"):
        record(pupil, key)
    place = PostgresInstallation(tmp_path, connection.settings_dict["NAME"])
    archive = tmp_path / "backup.pgdump"
    made = place.run("backup", "--out", str(archive))
    assert made.returncode == 0, made.stderr
    backup_events = aftercare.verify_audit().events

    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    erasure_confirm(actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk)
    assert _categories(pupil.pk) == {"pupil.absence"}

    # This test's own connection is another user of the database: refused without --yes.
    refused = place.run("restore", str(archive))
    assert refused.returncode == 1
    connection.close()
    restored = place.run("restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert f" {backup_events} " in restored.stdout
    assert _categories(pupil.pk) == {*ERASED, "pupil.absence"}
    assert aftercare.verify_audit().problems == []

    first = erasures_replay()
    assert (first.entries, first.erased) == (1, 2)
    assert _categories(pupil.pk) == {"pupil.absence"}
    count = Record.objects.count()
    again = erasures_replay()
    assert (again.entries, again.erased) == (1, 0)
    assert Record.objects.count() == count
    assert aftercare.verify_audit().problems == []


def test_the_drill_restores_into_an_empty_database(world, tmp_path):
    register_install_defaults(board=world.board, actor_id=None)
    source = PostgresInstallation(tmp_path, connection.settings_dict["NAME"])
    archive = tmp_path / "backup.pgdump"
    assert source.run("backup", "--out", str(archive)).returncode == 0
    _psql(f"DROP DATABASE IF EXISTS {DRILL_DATABASE}")
    _psql(f"CREATE DATABASE {DRILL_DATABASE}")
    try:
        drill = PostgresInstallation(tmp_path, DRILL_DATABASE)
        restored = drill.run("restore", str(archive), "--yes")
        assert restored.returncode == 0, restored.stderr
        verified = drill.run("verify-audit")
        assert verified.returncode == 0, verified.stderr
    finally:
        _psql(f"DROP DATABASE IF EXISTS {DRILL_DATABASE}")


def test_an_archive_of_a_newer_version_or_another_program_is_refused(world, tmp_path):
    db = connection.settings_dict
    archive = tmp_path / "src.pgdump"
    _psql(f"DROP DATABASE IF EXISTS {SOURCE_DATABASE}")
    _psql(f"CREATE DATABASE {SOURCE_DATABASE}")
    try:
        subprocess.run(
            ["psql", "-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"],
             "-d", SOURCE_DATABASE, "-v", "ON_ERROR_STOP=1", "-c",
             "CREATE TABLE django_migrations (id bigserial, app text, name text, applied "
             "timestamptz); INSERT INTO django_migrations (app, name, applied) VALUES "
             "('audit', '9999_from_the_future', now()); CREATE TABLE audit_auditevent (id int)"],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            ["pg_dump", "-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"],
             "--format=custom", "--file", str(archive), SOURCE_DATABASE],
            check=True, capture_output=True,
        )  # fmt: skip
    finally:
        _psql(f"DROP DATABASE IF EXISTS {SOURCE_DATABASE}")
    text = tmp_path / "notes.pgdump"
    text.write_text("geen archief")
    with translation.override("en"):
        for path, reason in [
            (archive, "newer version of Schoolprivacy (migrations audit.9999_from_the_future)"),
            (text, "is not a pg_dump archive"),
        ]:
            with pytest.raises(CommandError) as refused:
                call_command("restore", str(path), "--yes")
            assert reason in str(refused.value)
    assert aftercare.verify_audit().problems == []
