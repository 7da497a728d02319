"""The lookups one import run needs across chunks, in a private SQLite file instead of in memory.

Whatever has to be remembered from one chunk of the file to the next (pupil numbers already met,
the match keys of the school's guardians) grows with the school, so it is written to disk and
looked up per chunk with one query for the chunk's keys. The file is the run's own, next to the
pending uploads, and is deleted when the run ends (decision 0017): writing it never touches the
school's database, so a preview takes no write lock there, and it holds no transaction open.
Keys are hashed with a salt that lives only in the run's memory, so nothing in the file can be
tied to a person. The undo journal of an import (`imports.undo`) lives in the same file.
"""

import hashlib
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schoolprivacy.imports import pending

# What an entry is about.
PUPIL = "pupil"  # a pupil number in the file: its first line, and the pupil's pk when known
NUMBER = "number"  # an education number a pupil had when the run started: that pupil's pk
GUARDIAN = "guardian"  # a match key of a guardian (email, or name and phone): its pk
CLAIM = "claim"  # an education number a row of this run took: the row's pupil number as value
# a guardian whose details a line of this run set: the pk as text -> that line and the salted
# digests of its details, as JSON (no value itself)
SETTLED = "settled"

# Keys per query: well under SQLite's limit on query parameters.
BATCH = 900
PREFIX = "scratch-"

_SCHEMA = """
CREATE TABLE entry (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, digest TEXT NOT NULL,
    ref INTEGER, line INTEGER, value TEXT
);
CREATE INDEX entry_key ON entry (kind, digest);
CREATE INDEX entry_ref ON entry (kind, ref);
CREATE TABLE journal (id INTEGER PRIMARY KEY, model TEXT NOT NULL, pk INTEGER NOT NULL,
    before TEXT);
"""


class Scratch:
    def __init__(self) -> None:
        # Never stored: once the run ends, no digest can be tied to a person again.
        self._salt = secrets.token_bytes(16)
        # Keyed once; each digest continues a copy (half the cost of keying it again).
        self._keyed = hashlib.blake2b(key=self._salt, digest_size=16)
        self.path: Path = pending.directory() / f"{PREFIX}{secrets.token_hex(16)}.sqlite3"
        self.db = sqlite3.connect(self.path, isolation_level=None)
        # A scratch file is thrown away after a crash, so it need not survive one.
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)

    def _digest(self, key: str) -> str:
        digest = self._keyed.copy()
        digest.update(key.encode())
        return digest.hexdigest()

    def digest(self, value: str) -> str:
        """A salted digest of `value`, to compare values without keeping them."""
        return self._digest(value)

    def write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.db.execute("BEGIN")
            self.db.executemany(sql, rows)
            self.db.execute("COMMIT")

    def add(self, kind: str, entries: Iterable[tuple[str, int | None, int | None]]) -> None:
        """Remember (key, ref, line) entries; the first entry of a key is the one found."""
        rows = [(kind, self._digest(key), ref, line) for key, ref, line in entries]
        self.write("INSERT INTO entry (kind, digest, ref, line) VALUES (?, ?, ?, ?)", rows)

    def add_values(self, kind: str, entries: Iterable[tuple[str, str]]) -> None:
        """Remember (key, value) entries."""
        rows = [(kind, self._digest(key), value) for key, value in entries]
        self.write("INSERT INTO entry (kind, digest, value) VALUES (?, ?, ?)", rows)

    def _select(self, columns: str, kind: str, column: str, values: list[Any]) -> list[Any]:
        rows: list[Any] = []
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            marks = ", ".join(["?"] * len(batch))
            sql = (
                f"SELECT {columns} FROM entry "  # noqa: S608  # nosec B608 (names, not values)
                f"WHERE kind = ? AND {column} IN ({marks}) ORDER BY id"
            )
            rows += self.db.execute(sql, [kind, *batch]).fetchall()
        return rows

    def find(self, kind: str, keys: Iterable[str]) -> dict[str, tuple[int | None, int | None]]:
        """key -> (ref, line) of the first entry, for those of `keys` that were added."""
        by_digest = {self._digest(key): key for key in set(keys)}
        found: dict[str, tuple[int | None, int | None]] = {}
        for digest, ref, line in self._select("digest, ref, line", kind, "digest", list(by_digest)):
            found.setdefault(by_digest[digest], (ref, line))
        return found

    def find_values(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        """key -> value of the first entry, for those of `keys` that were added."""
        by_digest = {self._digest(key): key for key in set(keys)}
        found: dict[str, str] = {}
        for digest, value in self._select("digest, value", kind, "digest", list(by_digest)):
            found.setdefault(by_digest[digest], value)
        return found

    def refs(self, kind: str, pks: list[int]) -> set[int]:
        """Those of `pks` that are the ref of an entry of `kind`."""
        return {ref for (ref,) in self._select("ref", kind, "ref", pks)}

    def close(self) -> None:
        """Forget what the run remembered: the file goes."""
        self.db.close()
        self.path.unlink(missing_ok=True)
