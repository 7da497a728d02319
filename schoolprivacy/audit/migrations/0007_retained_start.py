"""The audit log's own retention (issue 16 item 3, decision 0041): deleting the oldest events of a
chain becomes possible, and only that.

An event may be deleted only when its chain has a retained start (`AuditRetainedStart`, the signed
checkpoint of the last removed event) at or after it; its subject rows likewise. On PostgreSQL the
deleting transaction must also say so (`SET LOCAL schoolprivacy.audit_retention = 'on'`, which
only `audit.retention` does). Updates stay refused. The retained start is never deleted and only
moves forward. The triggers of 0002 and 0005 for DELETE are replaced by these.
"""

from django.db import migrations, models

EVENTS, SUBJECTS, START = "audit_auditevent", "audit_auditsubject", "audit_auditretainedstart"
REFUSED = "the audit log is append-only"
EVENT_COVERED = (  # table names only, no values
    f"EXISTS (SELECT 1 FROM {START} r "  # noqa: S608  # nosec B608
    "WHERE r.chain = OLD.chain AND OLD.seq <= r.seq)"
)
SUBJECT_COVERED = (
    f"EXISTS (SELECT 1 FROM {EVENTS} e JOIN {START} r ON r.chain = e.chain "  # noqa: S608  # nosec B608
    "WHERE e.id = OLD.event_id AND e.seq <= r.seq)"
)
START_FORWARD = "NEW.chain = OLD.chain AND NEW.seq > OLD.seq AND NEW.count > OLD.count"


def _sqlite_delete(table, covered):
    return (
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN NOT ({covered}) "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE on {table} is not allowed'); END;"
    )


SQLITE_FORWARD = [
    f"DROP TRIGGER IF EXISTS {EVENTS}_no_delete;",
    f"DROP TRIGGER IF EXISTS {SUBJECTS}_no_delete;",
    _sqlite_delete(EVENTS, EVENT_COVERED),
    _sqlite_delete(SUBJECTS, SUBJECT_COVERED),
    f"CREATE TRIGGER {START}_no_delete BEFORE DELETE ON {START} "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE on {START} is not allowed'); END;",
    f"CREATE TRIGGER {START}_forward_only BEFORE UPDATE ON {START} WHEN NOT ({START_FORWARD}) "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE on {START} is not allowed'); END;",
]

# Nested IFs: PL/pgSQL does not short-circuit AND, and each table has its own columns.
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_delete_only_retained() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('schoolprivacy.audit_retention', true) = 'on' THEN
        IF TG_TABLE_NAME = '{EVENTS}' THEN
            IF {EVENT_COVERED} THEN
                RETURN OLD;
            END IF;
        ELSIF TG_TABLE_NAME = '{SUBJECTS}' THEN
            IF {SUBJECT_COVERED} THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    IF TG_TABLE_NAME = '{START}' AND TG_OP = 'UPDATE' THEN
        IF {START_FORWARD} THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '{REFUSED}: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION, params=None)
        for table in (EVENTS, SUBJECTS, START):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_delete_only_retained();"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in (EVENTS, SUBJECTS):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE on {table} is not allowed'); END;"
            )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {START}_no_delete;")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {START}_forward_only;")
    elif vendor == "postgresql":
        for table in (EVENTS, SUBJECTS, START):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        for table in (EVENTS, SUBJECTS):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_reject_change();"
            )
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_delete_only_retained();")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_one_subject_vocabulary"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditRetainedStart",
            fields=[
                ("chain", models.BigIntegerField(primary_key=True, serialize=False)),
                ("count", models.BigIntegerField()),
                ("seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("document", models.TextField()),
                ("removed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
