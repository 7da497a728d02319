"""SQLite for the test suite: Django's backend, except that a flush may empty append-only tables.

Django empties the tables between transactional tests (`live_server`, `transactional_db`) with
`DELETE FROM`, because SQLite has no TRUNCATE; the append-only triggers (audit log, consent ledger)
rightly refuse that. On PostgreSQL the flush is a TRUNCATE, which row triggers do not see. So here,
and only in test mode (settings.py), the flush drops every trigger, empties the tables and creates
the triggers again in the same transaction. Nothing else changes.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers: list[tuple[str, str]] = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            super().execute_sql_flush(sql_list)
            for _name, sql in triggers:
                cursor.execute(sql)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
