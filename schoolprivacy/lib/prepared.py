"""Statements PostgreSQL parses and plans once per connection (decisions 0062 and 0064).

Django's cursors bind parameters on the client and cannot prepare a statement. The cursor here
binds on the server and asks psycopg to prepare: after PostgreSQL's five custom plans the
statement runs a generic plan without being planned again. For a statement run on nearly every
request (a user's access facts, an audit event's append), planning was the largest part of its
cost. Only when `DB_PREPARED_STATEMENTS` is on (the connection's `prepare_threshold` is then
set): otherwise psycopg runs the statement unprepared, with the same answer.

Bound on the server, a Python int is typed int2, int4 or int8 by its size, and each set of
types is a statement of its own for psycopg: pass `Int8(value)` for integer parameters so a
statement is prepared once.
"""

from typing import Any

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from psycopg.types.numeric import Int8

__all__ = ["Int8", "prepared_cursor"]


class _PreparingCursor(psycopg.Cursor[Any]):
    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = True, binary: Any = None
    ) -> "_PreparingCursor":
        super().execute(query, params, prepare=prepare, binary=binary)
        return self


def prepared_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """Django's cursor on SQLite; on PostgreSQL a preparing cursor in Django's wrapper, so its
    statements are counted, logged and their errors translated like every other."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    # Typed Any: django-stubs take make_cursor's argument for a Django cursor, not a driver's.
    raw: Any = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)
