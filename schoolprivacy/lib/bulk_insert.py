"""Many new rows of one model in few statements: the values `bulk_create` writes, built cheaply.

Django's `bulk_create` compiles every value of every row through its SQL compiler (is it an
expression, which placeholder, which adaptation), which cost more than SQLite's own work in a
first import of a school (issue 18.2, decision 0053). Here each value still goes through its
field's `pre_save` and `get_db_prep_save`, as in `bulk_create` (so an encrypted field is
encrypted and a date adapted the same way), and only the statement is written once per batch:
`INSERT ... VALUES (...), (...) RETURNING pk`. The new keys are set on the objects, as
`bulk_create` does. No signals, as with `bulk_create`.

On PostgreSQL this is `bulk_create` itself: Django sends plain columns there as one array each
(UNNEST), and the same statement built here made a first import's apply slower, not faster, in
three measured pairs. Objects that already have a key, and models with database defaults or
generated fields, are left to `bulk_create` too.
"""

from collections.abc import Sequence

from django.db import connection, models


def insert_new[M: models.Model](objects: Sequence[M]) -> None:
    """Insert `objects` (all of one model, none saved yet) and set their primary keys."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    if (
        any(o.pk is not None for o in objects)
        or any(f.generated or f.has_db_default() for f in fields)
        or connection.vendor != "sqlite"
    ):
        model._default_manager.bulk_create(objects)
        return
    rows = []
    for obj in objects:
        # As bulk_create: a related object saved after it was assigned gives its key now.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        rows.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    returning = quote(str(pk.column))
    keys: list[int] = []
    with connection.cursor() as cursor:
        per_row = max(1, (connection.features.max_query_params or 999) // len(fields))
        marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(rows), per_row):
            batch = rows[start : start + per_row]
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608  # nosec B608
                f"VALUES {', '.join([marks] * len(batch))} RETURNING {returning}"
            )
            cursor.execute(sql, [value for row in batch for value in row])
            keys += [row[0] for row in cursor.fetchall()]
    if len(keys) != len(objects):  # pragma: no cover - the database answers one key per row
        raise RuntimeError(f"{len(objects)} rows inserted, {len(keys)} keys returned")
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
