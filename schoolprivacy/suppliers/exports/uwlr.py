"""The Dutch narrow data set (in the manner of the sector's narrow UWLR set) as CSV or JSON.

The columns are the agreement's field keys, exactly as the API names them, in catalogue order:
nothing else about a pupil is written. JSON is written row by row, never built in memory.
"""

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from schoolprivacy.suppliers.exports.rows import Plan, Row

JSON_FORMAT = "schoolprivacy-narrow-1"


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_csv(plan: Plan, rows: Iterable[Row], out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(plan.fields)
    for row in rows:
        writer.writerow([cell(row.values[key]) for key in plan.fields])
    text.flush()
    text.detach()


def write_json(plan: Plan, rows: Iterable[Row], out: IO[bytes]) -> None:
    head = {
        "format": JSON_FORMAT,
        "school": {"brin": plan.school.brin, "name": plan.school.name},
        "fields": list(plan.fields),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1].encode())
    out.write(b', "pupils": [')
    first = True
    for row in rows:
        if not first:
            out.write(b", ")
        first = False
        out.write(json.dumps({k: row.values[k] for k in plan.fields}, ensure_ascii=False).encode())
    out.write(b"]}")
