"""Direct database edits, as an attacker with database access would make them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """On PostgreSQL the append-only trigger would stop us; a superuser can switch it off."""
    if connection.vendor != "postgresql":
        yield
        return
    # "replica" skips ordinary triggers for this session only (superusers may set it).
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def execute(sql: str, params: list[int | str]) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)
