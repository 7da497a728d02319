"""The check's lines, kept for the apply: the file is read and parsed once per import.

An import checks the whole file and then applies it (decision 0017). The apply used to open and
parse the file again; now the check keeps each chunk of parsed lines (rows, problems and
warnings) in the run's scratch file from the first chunk that changes something on, and the
apply replays them in order: the same lines the check judged, and no second parse (issue 18.2:
parsing was the largest part of the check). Chunks before that one are only counted, so an
unchanged re-import (which is not applied) pays nothing; the apply reads those lines from the
file again. Memory still holds one chunk at a time. The lines hold names,
addresses and education numbers, so each chunk is sealed with the data keys, like the undo
journal in the same file, and goes with the file when the run ends.
"""

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from schoolprivacy.encryption import data_keys
from schoolprivacy.imports.parsing import GuardianRow, Problem, PupilRow
from schoolprivacy.imports.scratch import Scratch
from schoolprivacy.imports.sync import Line
from schoolprivacy.lib import sealed

PURPOSE = "imports.checked_lines"
# Fields of a parsed pupil that hold a date (or None); every other field is text.
DATES = ("date_of_birth", "enrolled_on", "left_on")
_GUARDIAN = ("first_name", "surname_prefix", "surname", "kind", "has_parental_authority",
             "email", "phone", "line", "column")  # fmt: skip


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Replay:
    """Chunks of lines kept by the check (`keep`) and replayed by the apply (`lines`)."""

    def __init__(self, scratch: Scratch) -> None:
        self.scratch = scratch
        self.keys = data_keys()
        scratch.db.execute("CREATE TABLE checked (id INTEGER PRIMARY KEY, chunk TEXT NOT NULL)")
        # Lines of the file before the first chunk kept: read again by the apply.
        self.first = 0
        self.kept = False
        # The chunks as kept, in order, held in memory: the apply refuses a scratch file that
        # lost, gained or reordered one (it would apply part of the file, and a full import
        # would mark the rest of the school as left).
        self._kept = hashlib.blake2b(digest_size=16)

    def keep(self, lines: list[Line], *, changed: bool) -> None:
        """Keep a checked chunk, from the first one that `changed` something on: before it the
        chunks only count (an unchanged re-import keeps nothing and is not applied)."""
        if not self.kept and not changed:
            self.first += len(lines)
            return
        self.kept = True
        text = json.dumps([self._encode(line) for line in lines])
        envelope = sealed.seal(text, keys=self.keys, purpose=PURPOSE)
        self._kept.update(envelope.encode() + b"\n")
        self.scratch.write("INSERT INTO checked (chunk) VALUES (?)", [(envelope,)])

    def lines(self) -> Iterator[Line]:
        after = 0
        read = hashlib.blake2b(digest_size=16)
        while True:
            found = self.scratch.db.execute(
                "SELECT id, chunk FROM checked WHERE id > ? ORDER BY id LIMIT 1", (after,)
            ).fetchone()
            if found is None:
                if read.digest() != self._kept.digest():
                    raise RuntimeError("the scratch file does not hold the chunks the check kept")
                return
            after, envelope = found
            read.update(envelope.encode() + b"\n")
            text = sealed.unseal(envelope, keys=self.keys, purpose=PURPOSE)
            for item in json.loads(text):
                yield self._decode(item)

    @staticmethod
    def _encode(line: Line) -> list[Any]:
        problems = [[p.line, p.column, p.reason, p.warning] for p in line.problems]
        row = line.row
        if row is None:
            return [line.number, line.key, problems, None]
        fields = {
            name: value.isoformat() if name in DATES and value else value
            for name, value in row.fields.items()
        }
        guardians = [[getattr(g, name) for name in _GUARDIAN] for g in row.guardians]
        return [line.number, line.key, problems, [row.line, row.external_id, fields, row.group,
                                                  guardians]]  # fmt: skip

    @staticmethod
    def _decode(item: list[Any]) -> Line:
        number, key, problems, encoded = item
        found = [Problem(*p) for p in problems]
        if encoded is None:
            return Line(number, key, None, found)
        line, external_id, fields, group, guardians = encoded
        for name in DATES:
            if name in fields:
                fields[name] = _day(fields[name])
        row = PupilRow(line, external_id, fields, group, [GuardianRow(*g) for g in guardians])
        return Line(number, key, row, found)
