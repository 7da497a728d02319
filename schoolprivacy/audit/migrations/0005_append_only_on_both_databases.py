"""The database refuses to change or remove audit rows, on SQLite as on PostgreSQL (decision 0016).

Events, their subject rows and the legacy seals are never updated or deleted. A chain head is
updated on every append, so it may only move forward by exactly one event, or receive its first MAC
(migration 0004 and legacy.py). Someone who owns the tables (PostgreSQL) or the file (SQLite) can
still drop these triggers: the keyed chain and the checkpoint outside the database are the defence
against that. TRUNCATE is not blocked on PostgreSQL (see 0002); SQLite has no TRUNCATE, so the test
suite's flush lifts the SQLite triggers for its duration (schoolprivacy/testing/sqlite).

A later migration that makes SQLite rebuild one of these tables (some AlterField and AddField
operations do) drops its triggers: re-create them in that migration. The trigger tests notice.
"""

from django.db import migrations

APPEND_ONLY = ("audit_auditevent", "audit_auditsubject", "audit_auditlegacyseal")
HEAD = "audit_auditchainhead"
HEAD_MESSAGE = "the audit chain head only moves forward, one event at a time"
# The head's first MAC (legacy.py) is the one update that leaves seq and hash alone.
HEAD_MAY_CHANGE = (
    "NEW.chain = OLD.chain AND ((NEW.seq = OLD.seq + 1) "
    "OR (OLD.mac = '' AND NEW.seq = OLD.seq AND NEW.hash = OLD.hash))"
)

POSTGRESQL_HEAD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {HEAD_MAY_CHANGE} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{HEAD_MESSAGE}: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def sqlite_statements():
    for table in APPEND_ONLY:
        for operation in ("UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {operation} on {table} "
                "is not allowed'); END;"
            )
    yield (
        f"CREATE TRIGGER {HEAD}_forward_only BEFORE UPDATE ON {HEAD} WHEN NOT ({HEAD_MAY_CHANGE}) "
        f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}: UPDATE on {HEAD} is not allowed'); END;"
    )
    yield (
        f"CREATE TRIGGER {HEAD}_no_delete BEFORE DELETE ON {HEAD} "
        f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}: DELETE on {HEAD} is not allowed'); END;"
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in sqlite_statements():
            schema_editor.execute(statement, params=None)
    elif vendor == "postgresql":
        # audit_reject_change() comes from migration 0002.
        schema_editor.execute(
            "CREATE TRIGGER audit_auditlegacyseal_append_only BEFORE UPDATE OR DELETE ON "
            "audit_auditlegacyseal FOR EACH ROW EXECUTE FUNCTION audit_reject_change();"
        )
        schema_editor.execute(POSTGRESQL_HEAD_FUNCTION, params=None)
        schema_editor.execute(
            f"CREATE TRIGGER {HEAD}_forward_only BEFORE UPDATE OR DELETE ON {HEAD} "
            "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in APPEND_ONLY:
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {HEAD}_forward_only;")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {HEAD}_no_delete;")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_auditlegacyseal_append_only ON audit_auditlegacyseal;"
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {HEAD}_forward_only ON {HEAD};")
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_head_forward_only();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_seal_unkeyed_events")]
    operations = [migrations.RunPython(forwards, backwards)]
