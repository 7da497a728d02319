"""A chain head may move forward over several events at once, when they are all there and follow it
(decision 0061, `audit.batch`).

Migration 0005 let the head move by exactly one event per UPDATE: the one-statement append
moves it in the statement that inserts the event, which cannot see that event yet. A batch
inserts its events first and then moves the head once to the last of them; that move is allowed
only when every event between the old and the new head is in the table, the first follows the
old head's hash and the last has the new one. So the head still never moves back, never skips
an event that is not there and never points at an event that does not exist.
"""

import importlib

from django.db import migrations

previous = importlib.import_module(
    "schoolprivacy.audit.migrations.0005_append_only_on_both_databases"
)

HEAD, EVENTS = previous.HEAD, "audit_auditevent"
HEAD_MESSAGE = previous.HEAD_MESSAGE
HEAD_JUMPS = (  # table names only, no values
    "NEW.chain = OLD.chain AND NEW.seq > OLD.seq + 1 "  # noqa: S608  # nosec B608
    f"AND (SELECT count(*) FROM {EVENTS} e WHERE e.chain = NEW.chain "
    "AND e.seq > OLD.seq AND e.seq <= NEW.seq) = NEW.seq - OLD.seq "
    f"AND EXISTS (SELECT 1 FROM {EVENTS} e WHERE e.chain = NEW.chain AND e.seq = OLD.seq + 1 "
    "AND e.prev_hash = OLD.hash) "
    f"AND EXISTS (SELECT 1 FROM {EVENTS} e WHERE e.chain = NEW.chain AND e.seq = NEW.seq "
    "AND e.hash = NEW.hash)"
)

SQLITE_FORWARD = [
    f"DROP TRIGGER IF EXISTS {HEAD}_forward_only;",
    f"CREATE TRIGGER {HEAD}_forward_only BEFORE UPDATE ON {HEAD} "
    f"WHEN NOT (({previous.HEAD_MAY_CHANGE}) OR ({HEAD_JUMPS})) "
    f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}: UPDATE on {HEAD} is not allowed'); END;",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {HEAD}_forward_only;",
    *(s for s in previous.sqlite_statements() if s.startswith(f"CREATE TRIGGER {HEAD}_forward")),
]

# Nested IFs: the one-event move (every unbatched append) never runs the queries of a jump.
POSTGRESQL_HEAD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {previous.HEAD_MAY_CHANGE} THEN
            RETURN NEW;
        END IF;
        IF NEW.seq > OLD.seq + 1 THEN
            IF {HEAD_JUMPS} THEN
                RETURN NEW;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION '{HEAD_MESSAGE}: % on % is not allowed', TG_OP, TG_TABLE_NAME
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
        schema_editor.execute(POSTGRESQL_HEAD_FUNCTION, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(previous.POSTGRESQL_HEAD_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_retained_start")]
    operations = [migrations.RunPython(forwards, backwards)]
