"""`EncryptedTextField`: text sealed at rest with `settings.DATA_KEYS` (see lib/sealed.py).

A model-level module at the package root (like `privacy_registry`) because several apps use it and
`lib/` stays free of Django. docs/decisions/0007-encryption-at-rest.md explains the choices.

- Saving seals with the newest key; loading opens with whichever key the envelope names, so old and
  new keys work side by side until `schoolprivacy rotate-keys` has moved everything over.
- The empty string is stored as is: "no value" is no secret, and constraints can test for it.
- The ciphertext is random, so the database cannot search it: only `isnull`, comparison with ""
  and `sealed_with=<key id>` (for rotation) are allowed. Other lookups fail loudly.
- `dumpdata` writes envelopes, never plaintext; `loaddata` opens them again (same DATA_KEYS).
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull, Lookup

from schoolprivacy.lib import sealed


def data_keys() -> dict[int, bytes]:
    keys: dict[int, bytes] = settings.DATA_KEYS
    return keys


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-256-GCM, bound to `purpose` (its table and column).

    `purpose` is written out in the model, not derived from the table name, so that renaming a
    table or field cannot make stored values unreadable; it must never change once data exists.
    """

    description = "Text encrypted at rest"

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return sealed.unseal(value, keys=data_keys(), purpose=self.purpose)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and sealed.is_envelope(value):
            # A fixture written by `dumpdata`: open it, so that saving seals it once, not twice.
            try:
                return sealed.unseal(value, keys=data_keys(), purpose=self.purpose)
            except sealed.SealError:
                return value  # text that only looks like an envelope is just text
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return sealed.seal(str(value), keys=data_keys(), purpose=self.purpose)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        if not value:
            return ""
        return sealed.seal(str(value), keys=data_keys(), purpose=self.purpose)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in _ALLOWED_LOOKUPS:
            return None  # Django then raises "Unsupported lookup ... for EncryptedTextField"
        return super().get_lookup(lookup_name)


@EncryptedTextField.register_lookup
class EmptyOnlyExact(Exact):
    """`field=""` works (is there a value?); comparing with a value cannot work on ciphertext."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(
                "An encrypted field can only be compared with '' (no value); its ciphertext is "
                "random. To find a row by value, keep a keyed lookup hash next to it."
            )
        return self.rhs


@EncryptedTextField.register_lookup
class SealedWith(Lookup):
    """`field__sealed_with=3`: values sealed with data key 3 (for `rotate-keys`)."""

    lookup_name = "sealed_with"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # Digits and colons only: nothing in the pattern is a LIKE wildcard.
        return f"{lhs} LIKE %s", (*lhs_params, sealed.prefix_for(int(self.rhs)) + "%")


_ALLOWED_LOOKUPS = frozenset({EmptyOnlyExact.lookup_name, IsNull.lookup_name, "sealed_with"})


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted field of every installed model, for rotation and the dump test."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def update_by_pk(
    model: type[models.Model], objs: Sequence[models.Model], fields: list[str]
) -> None:
    """Write `fields` of many rows in one `executemany` of plain `UPDATE … WHERE pk = %s`.

    Django's `bulk_update` builds a CASE expression per field with a branch per row, which costs
    about half a millisecond per row and field here; re-sealing a board's values (rotation, the
    demo's education numbers) would take minutes. Values go through each field's own
    `get_db_prep_save`, so encrypted fields are sealed as on any save.
    """
    if not objs:
        return
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    concrete = [f for f in columns if isinstance(f, models.Field) and f.column]
    if len(concrete) != len(columns) or meta.pk is None or not meta.pk.column:
        raise ValueError("update_by_pk writes concrete columns of a model with a primary key.")
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in concrete if f.column)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names, not values)  # nosec B608
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
