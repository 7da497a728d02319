"""`filter(any_of("pk", ids))`: `pk__in=ids` with the list sent as one array on PostgreSQL.

`pk__in=ids` writes one placeholder per value, and psycopg then finds every placeholder in the
statement and adapts every value one at a time, in Python. The few hundred queries of a first
import that name a chunk's pupils or guardians carry hundreds to thousands of values each, and
that work cost more than the database's own (issue 18.2). On PostgreSQL `any_of` writes
`column = ANY(%s::bigint[])` (or `text[]`) with the whole list as one parameter, which is what
PostgreSQL makes of an `IN` list of constants anyway, so the plans are the same. On SQLite, and
for a column that is neither an integer nor text (an array cast could change its values), it is
Django's own `IN`.

The results are those of `__in`: None matches nothing, and an empty list matches nothing (the
query is not sent). The left side is a field name or an expression (`Lower("email")`).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F
from django.db.models.expressions import Expression
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler

_INTEGER = (models.IntegerField, models.AutoField)  # the auto fields, big and small, included
_TEXT = (models.CharField, models.TextField)  # email and slug fields are CharFields


class AnyOf(In):
    """The `in` lookup, written as `= ANY(array)` on PostgreSQL; see the module docstring."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> "AnyOf":
        resolved: AnyOf = super().resolve_expression(*args, **kwargs)
        # Now that the left side knows its field, each value is prepared as `__in` prepares it.
        resolved.rhs = resolved.get_prep_lookup()
        return resolved

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        field = self.lhs.output_field
        while field.is_relation:  # a foreign key compares as the key it points at
            field = field.target_field
        array = "bigint[]" if isinstance(field, _INTEGER) else "text[]" if isinstance(
            field, _TEXT) else None  # fmt: skip
        if array is None or not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = []
        for value in self.rhs:
            if hasattr(value, "resolve_expression"):
                return self.as_sql(compiler, connection)
            if value is not None:
                values.append(field.get_db_prep_value(value, connection, prepared=True))
        if not values:
            raise EmptyResultSet
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s::{array})", (*lhs_params, values)


def any_of(lhs: str | Expression, values: Iterable[Any]) -> AnyOf:
    """The rows whose `lhs` (a field name, `pupil_id` or `pupil__school_id`, or an expression)
    is one of `values`: `filter(any_of("pk", ids))` for `filter(pk__in=ids)`."""
    return AnyOf(F(lhs) if isinstance(lhs, str) else lhs, list(values))


__all__ = ["AnyOf", "any_of"]
