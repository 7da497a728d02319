"""Reading the erasure log (retention/erasure.py): one JSON object a line. A damaged line (a write
torn by a crash, a garbled copy) reads as None with its number, so that the replay goes on with
the others and names it (decision 0043)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _entry(line: str) -> dict[str, Any] | None:
    """The entry a log line holds, or None when the line is damaged: a write torn by a crash
    (the erasure never committed: the line is written before the commit) or a garbled copy."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    ints = ("erasure", "board", "subject")
    if (
        not isinstance(entry, dict)
        or not all(type(entry.get(key)) is int for key in ints)
        or entry.get("kind") not in ("pupil", "guardian", "staff")
        or not (entry.get("user") is None or type(entry.get("user")) is int)
        or not isinstance(entry.get("categories"), list)
        or not all(isinstance(c, str) for c in entry["categories"])
    ):
        return None
    return entry


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, entry or None when the line is damaged) for every line that is not empty."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, _entry(line)
