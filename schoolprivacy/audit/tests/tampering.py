"""Direct database edits, as an attacker with database access would make them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """The append-only triggers would stop us; whoever owns the tables or the file can lift them."""
    if connection.vendor == "postgresql":
        # "replica" skips ordinary triggers for this session only (superusers may set it).
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        return
    # SQLite: anyone who can write the file can drop a trigger and create it again.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


def execute(sql: str, params: list[int | str]) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)
