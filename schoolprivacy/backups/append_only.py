"""The database's append-only guards, as this version's migrations leave them, installed again
after a restore (decision 0057).

A backup is a file anyone with access can change: whoever drops the triggers that refuse UPDATE
and DELETE on the audit log (and on the consent ledger, published consent texts, the register's
activity versions), or replaces their PostgreSQL functions, gets a database without those guards
back from a restore, because the migrations that made them are recorded as applied and never run
again. The keyed chain shows edited rows; this puts the guards back so that nothing can be
changed afterwards. Every guard is dropped (when there) and created again, in one transaction.

The statements are the migrations' own where they are constants; `tests/test_append_only_guards`
compares the result with a freshly migrated database, so a migration that adds or changes a guard
without this module fails there.
"""

import importlib
from types import ModuleType

from django.db import connection, transaction


def _migration(app: str, name: str) -> ModuleType:
    return importlib.import_module(f"schoolprivacy.{app}.migrations.{name}")


_AUDIT_5 = _migration("audit", "0005_append_only_on_both_databases")
_AUDIT_7 = _migration("audit", "0007_retained_start")
_AUDIT_8 = _migration("audit", "0008_head_moves_over_written_events")
_CONSENTS_2 = _migration("consents", "0002_append_only_trigger")
_CONSENTS_5 = _migration("consents", "0005_append_only_everywhere")
_AUDIT_2 = _migration("audit", "0002_append_only_trigger")
_REGISTER_2 = _migration("register", "0002_versions_append_only")

LEDGER, TEXTS = _CONSENTS_5.LEDGER, _CONSENTS_5.TEXTS


def _sqlite_triggers() -> dict[str, str]:
    """Trigger name -> CREATE statement, later migrations replacing earlier ones by name."""
    found: dict[str, str] = {}
    statements = [
        *_AUDIT_5.sqlite_statements(),
        *(s for s in _AUDIT_7.SQLITE_FORWARD if s.startswith("CREATE TRIGGER")),
        *(s for s in _AUDIT_8.SQLITE_FORWARD if s.startswith("CREATE TRIGGER")),
    ]
    for op in ("UPDATE", "DELETE"):  # consents 0005
        statements.append(
            f"CREATE TRIGGER {LEDGER}_no_{op.lower()} BEFORE {op} ON {LEDGER} "
            "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;"
        )
        statements.append(
            f"CREATE TRIGGER {TEXTS}_published_no_{op.lower()} BEFORE {op} ON {TEXTS} "
            "WHEN OLD.published_at IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'a published consent text cannot be changed'); END;"
        )
    for statement in statements:
        found[statement.split()[2]] = statement
    return found


_RETAINED = "audit_delete_only_retained"
# (trigger, table, function, events): the state after every migration.
_POSTGRESQL_TRIGGERS = [
    *((f"{t}_append_only", t, _RETAINED) for t in (_AUDIT_7.EVENTS, _AUDIT_7.SUBJECTS)),
    (f"{_AUDIT_7.START}_append_only", _AUDIT_7.START, _RETAINED),
    ("audit_auditlegacyseal_append_only", "audit_auditlegacyseal", "audit_reject_change"),
    (f"{_AUDIT_5.HEAD}_forward_only", _AUDIT_5.HEAD, "audit_head_forward_only"),
    (f"{LEDGER}_append_only", LEDGER, "consents_reject_change"),
    (f"{TEXTS}_published_fixed", TEXTS, "consents_reject_published_text_change"),
    (f"{_REGISTER_2.TABLE}_append_only", _REGISTER_2.TABLE, "register_version_reject_change"),
]
_POSTGRESQL_FUNCTIONS = [
    _AUDIT_2.CREATE_FUNCTION,
    _AUDIT_8.POSTGRESQL_HEAD_FUNCTION,
    _AUDIT_7.POSTGRESQL_FUNCTION,
    _CONSENTS_2.CREATE_FUNCTION,
    _CONSENTS_5.PG_TEXT_FUNCTION,
    _REGISTER_2.CREATE_FUNCTION,
]


def guarded_tables() -> list[str]:
    if connection.vendor == "sqlite":
        return sorted({s.split()[6] for s in _sqlite_triggers().values()})
    return sorted({table for _name, table, _function in _POSTGRESQL_TRIGGERS})


def reinstall() -> int:
    """Drop and create every append-only guard again; returns how many triggers there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            triggers = _sqlite_triggers()
            for name, statement in triggers.items():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                cursor.execute(statement)
            return len(triggers)
        for function in _POSTGRESQL_FUNCTIONS:
            cursor.execute(function)
        for name, table, function in _POSTGRESQL_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        return len(_POSTGRESQL_TRIGGERS)
