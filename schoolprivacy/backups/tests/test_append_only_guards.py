"""After a restore the append-only guards are those of this version, whatever the backup held
(decision 0057): `append_only.reinstall` gives exactly what the migrations give, and a database
whose triggers were dropped refuses UPDATE and DELETE on the audit log again after
`restore --aftercare-only` (what the operator runs after a pg_restore by hand), on both engines,
and after `restore` of a pg_dump archive made without them. The SQLite restore of a tampered file
is in test_restore_of_a_tampered_backup."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from schoolprivacy.audit.services import audit_record
from schoolprivacy.backups import append_only
from schoolprivacy.backups.tests.test_postgres_dump_and_restore import PostgresInstallation
from schoolprivacy.register.services import register_install_defaults

pytestmark = pytest.mark.django_db(transaction=True)


def _guards() -> dict[str, str]:
    """Every trigger of the database with its definition (and, on PostgreSQL, its function's)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return dict(cursor.fetchall())
        cursor.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid) || pg_get_functiondef(t.tgfoid) "
            "FROM pg_trigger t WHERE NOT t.tgisinternal"
        )
        return dict(cursor.fetchall())


def _drop_every_guard() -> None:
    """What a tamperer does to the file or the dump: no trigger left, no guard function."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
            return
        cursor.execute(
            "SELECT t.tgname, t.tgrelid::regclass::text, t.tgfoid::regprocedure::text "
            "FROM pg_trigger t WHERE NOT t.tgisinternal"
        )
        found = cursor.fetchall()
        for name, table, _function in found:
            cursor.execute(f'DROP TRIGGER "{name}" ON {table}')
        for function in sorted({f for _n, _t, f in found}):
            cursor.execute(f"DROP FUNCTION {function}")


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


@pytest.fixture
def guards_back():
    yield
    append_only.reinstall()  # never leave the test database without its guards


def test_reinstalled_guards_are_exactly_the_migrations_guards(guards_back):
    migrated = _guards()
    assert len(migrated) >= append_only.reinstall()
    _drop_every_guard()
    assert _guards() == {}
    append_only.reinstall()
    assert _guards() == migrated


def test_aftercare_only_makes_the_audit_log_append_only_again(guards_back, settings, tmp_path):
    settings.ERASURE_LOG_DIR = tmp_path / "erasure-log"
    with transaction.atomic():
        audit_record(action="backups.test.before", board_id=None, actor_id=None, channel="command")
    update = "UPDATE audit_auditevent SET action = 'edited'"
    delete = "DELETE FROM audit_auditevent"
    assert _refused(update) and _refused(delete)
    _drop_every_guard()
    assert not _refused("UPDATE audit_auditevent SET action = action")  # the hole
    output = io.StringIO()
    with translation.override("en"):
        call_command("restore", aftercare_only=True, stdout=output)
    assert "Append-only guards installed again" in output.getvalue()
    assert "audit_auditevent" in output.getvalue()
    assert _refused(update) and _refused(delete)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="no PostgreSQL client tools")
def test_restore_of_an_archive_without_guards_puts_them_back(world, tmp_path, guards_back):
    register_install_defaults(board=world.board, actor_id=None)
    _drop_every_guard()
    place = PostgresInstallation(tmp_path, connection.settings_dict["NAME"])
    archive = tmp_path / "tampered.pgdump"
    made = place.run("backup", "--out", str(archive))
    assert made.returncode == 0, made.stderr
    append_only.reinstall()  # the database is guarded again; the archive is not
    connection.close()
    restored = place.run("restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert _refused("UPDATE audit_auditevent SET action = 'edited'")
    assert _refused("DELETE FROM audit_auditevent")
