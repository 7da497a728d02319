"""Planner statistics after an import that made the school's tables much larger (PostgreSQL)."""

from django.db import connection, models

from schoolprivacy.imports.report import Report
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil

# On PostgreSQL, an apply that added at least this many pupils and guardians analyzes the tables
# it wrote (decision 0060).
ANALYZE_AFTER = 1000


def grew(report: Report) -> bool:
    return len(report.created) + report.guardians_created >= ANALYZE_AFTER


def analyze() -> None:
    """Statistics for the rows the import just wrote (PostgreSQL). A first import of a school
    can make these tables many times larger; until autovacuum analyzes them (minutes later, or
    never where it is off), the planner still expects the tables as they were and reads a whole
    table for every chunk of the account sync and of a re-import (a re-import's chunk read all
    the board's guardians: 107 ms a chunk against 25 ms after ANALYZE). ANALYZE samples each
    table (the columns the queries use, `_ANALYZED`), so it costs about the same whatever their
    size, and blocks no reads or writes."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = ", ".join(
        f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in _columns(model, names))})"
        for model, names in _ANALYZED
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


# The columns the import's and the account sync's queries select and join on: analyzing only
# these took 0.28 s where the whole tables took 0.7 s (40,000 guardians).
_ANALYZED: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (Pupil, ("board", "school", "external_id", "education_number_hash", "left_on", "user")),
    (Guardian, ("board", "user", "email")),
    (GuardianRelation, ("pupil", "guardian", "ends_on")),
    (GroupMembership, ("pupil", "group", "ends_on")),
)


def _columns(model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    columns = {f.name: str(f.column) for f in model._meta.concrete_fields}
    return [columns[name] for name in names]
