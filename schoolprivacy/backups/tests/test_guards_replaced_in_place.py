"""A tamperer who keeps the guards' names but empties them (decision 0057): every trigger
replaced by a no-op trigger of the same name, and on PostgreSQL every guard function replaced by
one that lets every change through. After `restore --aftercare-only` (the step `restore` runs
too) UPDATE and DELETE on the audit log and the consent ledger, and a chain head moved back, are
refused again on both engines."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from schoolprivacy.audit.services import audit_record
from schoolprivacy.backups import append_only
from schoolprivacy.consents.models import ConsentDecision, Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.consents.tests.conftest import by_portal

pytestmark = pytest.mark.django_db(transaction=True)

CHANGES = [
    "UPDATE audit_auditevent SET action = 'edited'",
    "DELETE FROM audit_auditevent",
    "UPDATE audit_auditchainhead SET seq = seq - 1",
    "UPDATE consents_consentdecision SET decision = 'refused'",
    "DELETE FROM consents_consentdecision",
]


def _changes(sql: str) -> bool:
    """Whether the statement goes through (rolled back either way)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            changed = cursor.rowcount > 0
            transaction.set_rollback(True)
            return changed
    except DatabaseError:
        return False


def _empty_every_guard() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
                cursor.execute(
                    f'CREATE TRIGGER "{name}" BEFORE UPDATE ON "{table}" BEGIN SELECT 1; END;'
                )
            return
        cursor.execute(
            "CREATE FUNCTION allow_every_change() RETURNS trigger AS $$ "
            "BEGIN RETURN COALESCE(NEW, OLD); END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "SELECT t.tgname, t.tgrelid::regclass::text, p.proname "
            "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
        )
        found = cursor.fetchall()
        for function in sorted({f for _n, _t, f in found}):
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
                "BEGIN RETURN COALESCE(NEW, OLD); END $$ LANGUAGE plpgsql"
            )
        # Half the triggers keep their function (now empty), half point at another one.
        for name, table, _function in found[::2]:
            cursor.execute(f'DROP TRIGGER "{name}" ON {table}')
            cursor.execute(
                f'CREATE TRIGGER "{name}" BEFORE UPDATE OR DELETE ON {table} '
                "FOR EACH ROW EXECUTE FUNCTION allow_every_change()"
            )


@pytest.fixture
def guards_back():
    yield
    append_only.reinstall()  # never leave the test database without its guards
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS allow_every_change()")


def test_guards_emptied_under_their_own_names_are_put_back(world, guards_back, settings, tmp_path):
    settings.ERASURE_LOG_DIR = tmp_path / "erasure-log"
    with transaction.atomic():
        audit_record(action="backups.test.before", board_id=None, actor_id=None, channel="command")
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    by_portal(world.parent.guardian, world.pupil_a, website, "granted")
    assert ConsentDecision.objects.exists()
    assert not any(_changes(sql) for sql in CHANGES)
    _empty_every_guard()
    assert all(_changes(sql) for sql in CHANGES if sql.startswith("UPDATE"))  # the hole
    call_command("restore", aftercare_only=True, stdout=io.StringIO())
    assert [sql for sql in CHANGES if _changes(sql)] == []
