"""Bounded whole numbers for the REST API.

Python's integers have no upper bound, but the database's do: SQLite and PostgreSQL store at most
a signed 64-bit integer, and a larger value in a query is an OverflowError (SQLite) or a
NumericValueOutOfRange (PostgreSQL) — a 500 instead of an answer. Every integer an API client
sends goes through one of these types, so the value is refused with a 422 before it reaches a
query. A test walks the OpenAPI document and fails for an integer input without both bounds.
"""

from typing import Annotated

from pydantic import Field

# The largest primary key (BigAutoField) either database can hold.
MAX_ID = 2**63 - 1
# Far past any list a board has, and small enough that offset + limit never overflows.
MAX_OFFSET = 10_000_000

# A row's ID: a path parameter, a filter or a reference in a request body.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# How many items of a list to skip.
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


def parse_id(value: str) -> int | None:
    """An ID given as text (such as "by": "12"), or None when it is no ID any row can have."""
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
