"""`filter(any_of("pk", ids))`: `pk__in=ids` with the list sent as one array on PostgreSQL.

`pk__in=ids` writes one placeholder per value, and psycopg then finds every placeholder in the
statement and adapts every value one at a time, in Python. The few hundred queries of a first
import that name a chunk's pupils or guardians carry hundreds to thousands of values each, and
that work cost more than the database's own (issue 18.2). On PostgreSQL `any_of` writes
`column = ANY(%s::bigint[])` (or `text[]`) with the whole list as one parameter, an array
literal written here in one go, which is what PostgreSQL makes of an `IN` list of constants
anyway, so the plans are the same. On SQLite it is Django's own `IN`, and so it is for a column
that is not one of Django's own integer or text fields (a field of ours, such as the encrypted
text, prepares its values itself) or for values that are not plain ints or strs.

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

# The array type for each kind of value, and the Python type of such values.
_ARRAYS: tuple[tuple[tuple[type[models.Field[Any, Any]], ...], str, type], ...] = (
    ((models.IntegerField, models.AutoField), "bigint[]", int),  # the auto fields included
    ((models.CharField, models.TextField), "text[]", str),  # email and slug fields included
)


def _array(field: Any) -> tuple[str, type] | None:
    """The array type and the Python type of the values of `field`; None for a field of ours."""
    while field.is_relation:  # a foreign key compares as the key it points at
        field = field.target_field
    if not type(field).__module__.startswith("django.db.models."):
        return None
    return next(((a, t) for kinds, a, t in _ARRAYS if isinstance(field, kinds)), None)


def _literal(values: list[Any]) -> str:
    """An array literal: ints as they are, strs double-quoted with `\\` and `"` escaped."""
    if isinstance(values[0], int):
        return "{" + ",".join(map(str, values)) + "}"
    quoted = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return '{"' + '","'.join(quoted) + '"}'


class AnyOf(In):
    """The `in` lookup, written as `= ANY(array)` on PostgreSQL; see the module docstring."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> "AnyOf":
        resolved: AnyOf = super().resolve_expression(*args, **kwargs)
        # Now that the left side knows its field, the values are prepared as `__in` prepares
        # them; plain ints and strs of such a field would come out as they are.
        array = _array(resolved.lhs.output_field)
        if array is None or not resolved._plain(array[1]):
            resolved.rhs = resolved.get_prep_lookup()
        return resolved

    def _plain(self, kind: type) -> bool:
        return all(type(v) is kind for v in self.rhs if v is not None)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        array = _array(self.lhs.output_field)
        if array is None or not self.rhs_is_direct_value() or not self._plain(array[1]):
            return self.as_sql(compiler, connection)
        values = [v for v in self.rhs if v is not None]
        if not values:
            raise EmptyResultSet
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s::{array[0]})", (*lhs_params, _literal(values))


def any_of(lhs: str | Expression, values: Iterable[Any]) -> AnyOf:
    """The rows whose `lhs` (a field name, `pupil_id` or `pupil__school_id`, or an expression)
    is one of `values`: `filter(any_of("pk", ids))` for `filter(pk__in=ids)`."""
    return AnyOf(F(lhs) if isinstance(lhs, str) else lhs, list(values))


__all__ = ["AnyOf", "any_of"]
