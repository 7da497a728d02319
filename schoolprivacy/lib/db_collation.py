"""Dutch name order inside the database, for lists that are paginated there.

A page of 50 pupils out of a thousand must be cut from a list sorted the Dutch way (`Çelik` with
the C, before `de Wit`; lib/collation.py), so the sorting has to happen in the query. Neither
database sorts that way by default: SQLite compares bytes (every accented letter after z) and
PostgreSQL follows the server's locale.

- PostgreSQL: the ICU collation `nl-NL-x-icu` (ICU is part of every PostgreSQL build the product
  supports), accent- and case-aware the Dutch way.
- SQLite: a collation `dutch` that this module registers on every new connection, comparing with
  lib/collation's keys (prefix in the surname field ignored, accents and case folded).

`dutch_order("surname")` is an expression for `order_by`.
"""

from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import Func

from schoolprivacy.lib.collation import strip_prefix

POSTGRESQL_COLLATION = "nl-NL-x-icu"
SQLITE_COLLATION = "dutch"


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return strip_prefix(text)


def compare(a: str, b: str) -> int:
    """SQLite's collation callback: negative, zero or positive, like C's strcmp."""
    ka, kb = _key(a), _key(b)
    if ka != kb:
        return -1 if ka < kb else 1
    # Names equal for Dutch readers still get a fixed order, so pages never swap rows.
    return (a > b) - (a < b)


class DutchOrder(Func):
    """`<column> COLLATE <the Dutch collation of this database>`."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f'%(expressions)s COLLATE "{POSTGRESQL_COLLATION}"'
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"%(expressions)s COLLATE {SQLITE_COLLATION}"
        return self.as_sql(compiler, connection, template=template, **extra)


def dutch_order(field: str) -> DutchOrder:
    return DutchOrder(field)


def register_sqlite_collation(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="schoolprivacy.dutch_collation")
