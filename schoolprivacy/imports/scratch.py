"""The lookups one import run needs across chunks, in the `RunIndex` table instead of in memory.

Whatever has to be remembered from one chunk of the file to the next (pupil numbers already met,
the match keys of the school's guardians) grows with the school, so it is written to the
database and looked up per chunk with one query for the chunk's keys.
"""

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import connection

from schoolprivacy.imports.models import RunIndex

# Keys per query: well under SQLite's limit on query parameters.
BATCH = 900


class Scratch:
    def __init__(self) -> None:
        self.run = secrets.token_hex(16)
        # Never stored: once the run ends, no digest can be tied to a person again.
        self._salt = secrets.token_bytes(16)

    @property
    def _table(self) -> str:
        return connection.ops.quote_name(RunIndex._meta.db_table)

    def _digest(self, key: str) -> str:
        return hashlib.blake2b(key.encode(), key=self._salt, digest_size=16).hexdigest()

    def add(self, kind: str, entries: Iterable[tuple[str, int | None, int | None]]) -> None:
        """Remember (key, ref, line) entries; the first entry of a key is the one found."""
        rows = [(self.run, kind, self._digest(key), ref, line) for key, ref, line in entries]
        if not rows:
            return
        # One parameterised statement for all rows: bulk_create builds a model instance and SQL
        # per value, which made a re-import of 10,000 pupils several times slower than the
        # writing itself; multi-row VALUES made the PostgreSQL driver parse a new, long
        # statement for every batch. executemany is a prepared loop on SQLite and a pipeline
        # on PostgreSQL (psycopg 3): no round trip per row either way.
        columns = "(run, kind, digest, ref, line)"
        sql = f"INSERT INTO {self._table} {columns} VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _select(self, columns: str, kind: str, column: str, values: list[Any]) -> list[Any]:
        rows: list[Any] = []
        with connection.cursor() as cursor:
            for start in range(0, len(values), BATCH):
                batch = values[start : start + BATCH]
                # Padded to a power of two, repeating a value: a handful of distinct statements
                # for the driver's statement cache, not one per chunk's count of keys.
                size = min(BATCH, 1 << max(4, (len(batch) - 1).bit_length()))
                batch += batch[-1:] * (size - len(batch))
                marks = ", ".join(["%s"] * len(batch))
                # Plain SQL for the same reason as in `add`: one lookup per chunk of the file.
                sql = (
                    f"SELECT {columns} FROM {self._table} "  # noqa: S608 (names, not values)
                    f"WHERE run = %s AND kind = %s AND {column} IN ({marks}) ORDER BY id"
                )
                cursor.execute(sql, [self.run, kind, *batch])
                rows += cursor.fetchall()
        return rows

    def find(self, kind: str, keys: Iterable[str]) -> dict[str, tuple[int | None, int | None]]:
        """key -> (ref, line) of the first entry, for those of `keys` that were added."""
        by_digest = {self._digest(key): key for key in set(keys)}
        found: dict[str, tuple[int | None, int | None]] = {}
        for digest, ref, line in self._select("digest, ref, line", kind, "digest", list(by_digest)):
            found.setdefault(by_digest[digest], (ref, line))
        return found

    def refs(self, kind: str, pks: list[int]) -> set[int]:
        """Those of `pks` that are the ref of an entry of `kind`."""
        return {ref for (ref,) in self._select("ref", kind, "ref", pks)}

    def clear(self) -> None:
        RunIndex.objects.filter(run=self.run).delete()
