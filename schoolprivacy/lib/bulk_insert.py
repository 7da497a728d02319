"""Many new rows of one model in few statements: the values `bulk_create` writes, built cheaply.

Django's `bulk_create` compiles every value of every row through its SQL compiler (is it an
expression, which placeholder, which adaptation), which cost more than the database's own work
in a first import of a school (issue 18.2, decisions 0053 and 0060). Here each value still goes
through its field's `pre_save` and `get_db_prep_save`, as in `bulk_create` (so an encrypted field
is encrypted and a date adapted the same way), and only the statement is written once per batch.
The new keys are set on the objects, as `bulk_create` does. No signals, as with `bulk_create`.

- SQLite: `INSERT ... VALUES (...), (...) RETURNING pk`.
- PostgreSQL: the keys are drawn from the table's sequence first (one query), then the rows go
  with their keys through `COPY ... FROM STDIN`, which psycopg writes row by row without parsing
  a statement or building parameter arrays (the UNNEST statement `bulk_create` sends, or one
  built here, spent most of its time in Python adapting the arrays; decision 0060).

A str, int or bool in a plain column of Django's own (a char or text field, an integer field or a
key, a boolean) goes as it is, with no call to its field: those calls would give it back
unchanged, and there were half a million of them in a first import of a school (issue 18.2).

Objects that already have a key, and models with database defaults or generated fields, are
left to `bulk_create`. `insert_rows` writes plain rows the same way, without a model object per
row (building one cost as much as writing it in a first import of a school).
"""

from collections.abc import Sequence
from typing import Any

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
        or connection.vendor not in ("sqlite", "postgresql")
    ):
        model._default_manager.bulk_create(objects)
        return
    plain = [(f, _plain_type(f)) for f in fields]
    rows = []
    for obj in objects:
        # As bulk_create: a related object saved after it was assigned gives its key now.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        rows.append([_prepared(f, kind, obj) for f, kind in plain])
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = [quote(str(f.column)) for f in fields]
    if connection.vendor == "postgresql":
        keys = _copy(meta.db_table, quote(str(pk.column)), columns, rows)
    else:
        keys = _values(table, quote(str(pk.column)), columns, rows)
    if len(keys) != len(objects):  # pragma: no cover - the database answers one key per row
        raise RuntimeError(f"{len(objects)} rows inserted, {len(keys)} keys returned")
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
                ) -> list[int]:  # fmt: skip
    """Insert `rows` of `model`, each the values of the fields `names` (a foreign key by its
    attname, `pupil_id`); every other field gets its default (`Field.get_default`), as in a new
    object. Return the new keys in the order of `rows`. For plain columns only: a field that sets
    its own value when saved (auto_now, a file, a database default) is refused."""
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    by_name = {f.name: f for f in fields} | {f.attname: f for f in fields}
    given = {by_name[name].attname: n for n, name in enumerate(names)}
    for f in fields:
        made = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if made or f.generated or f.has_db_default() or isinstance(f, models.FileField):
            raise ValueError(f"{meta.label}.{f.name} sets its own value; use insert_new")
    if not rows:
        return []
    # A field's default, once: a fixed default, or none (an empty string or None); a callable
    # default such as a clock, per row.
    fixed = {f.attname: f.get_default() for f in fields
             if f.attname not in given and (not f.has_default() or not callable(f.default))
             }  # fmt: skip
    plain = [(f, _plain_type(f)) for f in fields]
    prepared = [
        [
            value if type(value := (
                row[given[f.attname]] if f.attname in given
                else fixed[f.attname] if f.attname in fixed else f.get_default()
            )) is kind else f.get_db_prep_save(value, connection)
            for f, kind in plain
        ]
        for row in rows
    ]  # fmt: skip
    quote = connection.ops.quote_name
    columns = [quote(str(f.column)) for f in fields]
    if connection.vendor == "postgresql":
        keys = _copy(meta.db_table, quote(str(pk.column)), columns, prepared)
    elif connection.vendor == "sqlite":
        keys = _values(quote(meta.db_table), quote(str(pk.column)), columns, prepared)
    else:  # pragma: no cover - the two databases the service runs on
        raise NotImplementedError(connection.vendor)
    if len(keys) != len(rows):  # pragma: no cover - the database answers one key per row
        raise RuntimeError(f"{len(rows)} rows inserted, {len(keys)} keys returned")
    return keys


def _plain_type(field: models.Field[Any, Any]) -> type | None:
    """The type of the values `field` writes as they are: str for Django's own char and text
    fields, int for its integer fields and keys to them, bool for its boolean field; None for
    any other field (a field of ours, such as the encrypted text, prepares its values itself)."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    if not all(type(f).__module__.startswith("django.db.models.") for f in (field, target)):
        return None
    if field.is_relation and not isinstance(field, models.ForeignKey):
        return None
    for kinds, kind in _PLAIN:
        if isinstance(target, kinds):
            return kind
    return None


# Django's fields whose `pre_save` reads the attribute and whose `get_db_prep_save` gives a
# value of this type back as it is (on PostgreSQL an int is only marked as an integer type,
# which COPY writes the same).
_PLAIN: tuple[tuple[tuple[type[models.Field[Any, Any]], ...], type], ...] = (
    ((models.CharField, models.TextField), str),
    ((models.IntegerField, models.AutoField), int),  # the auto fields, big and small, included
    ((models.BooleanField,), bool),
)


def _prepared(field: models.Field[Any, Any], kind: type | None, obj: models.Model) -> Any:
    """The value of `field` of `obj` as `bulk_create` writes it."""
    if kind is not None and type(value := getattr(obj, field.attname)) is kind:
        return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


def _values(table: str, pk: str, columns: list[str], rows: list[list[Any]]) -> list[int]:
    keys: list[int] = []
    with connection.cursor() as cursor:
        per_row = max(1, (connection.features.max_query_params or 999) // len(columns))
        marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), per_row):
            batch = rows[start : start + per_row]
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608  # nosec B608
                f"VALUES {', '.join([marks] * len(batch))} RETURNING {pk}"
            )
            cursor.execute(sql, [value for row in batch for value in row])
            keys += [row[0] for row in cursor.fetchall()]
    return keys


def _copy(db_table: str, pk: str, columns: list[str], rows: list[list[Any]]) -> list[int]:
    """PostgreSQL: keys from the sequence (in ascending order, as the rows would have had them
    one by one), then COPY with the keys. Only quoted names are written into the SQL."""
    table = connection.ops.quote_name(db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.strip('"'), len(rows)],
        )
        keys = sorted(row[0] for row in cursor.fetchall())
        sql = f"COPY {table} ({pk}, {', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:  # the psycopg cursor under Django's wrapper
            for key, row in zip(keys, rows, strict=True):
                copy.write_row([key, *row])
    return keys
