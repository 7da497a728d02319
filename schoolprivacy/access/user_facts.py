"""Everything the policy must know about one staff user, in one statement (decision 0055).

The user's board, current assignments, active exception grants, open emergency accesses and the
pupils in their groups today come from five tables. Read as separate queries they cost a round
trip and an ORM compilation each, which was most of what need-to-know cost a pupil list (issue
18.4). Here they are one UNION ALL, written out once, read once per request
(`lib.request_memo`, decision 0052) and afresh everywhere outside a request.

Nothing here decides anything: `access.selectors.scope_for` turns the assignments into a
`Scope`, `access.policy` and `access.facts` use the rest. Nothing is kept beyond a request: a
revoked grant, an ended assignment or a staff member's last day stops counting at the next read.

The conditions mirror the querysets they replace: `selectors.current_assignments` (dated
assignment, employment not ended), `facts.active_grants` (approved, not revoked, dated, of the
grantee's board), `facts.open_break_glass` (opened, not expired, of the staff's board) and
`facts.current_memberships` for the groups of the current assignments.
`access/tests/test_user_facts_match_the_querysets.py` keeps them in step.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from schoolprivacy.access.models import Assignment, BreakGlassAccess, Grant
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.prepared import Int8, prepared_cursor
from schoolprivacy.lib.request_memo import memoised
from schoolprivacy.people.models import GroupMembership, Staff


@dataclass(frozen=True)
class GrantRow:
    id: int
    scope: str
    school_id: int | None
    group_id: int | None
    category_key: str


@dataclass(frozen=True)
class UserFacts:
    # None when the user has no staff record.
    board_id: int | None
    # (role, school id, group id) of every current assignment.
    assignments: tuple[tuple[str, int | None, int | None], ...]
    # Active grants on the day asked about, oldest first.
    grants: tuple[GrantRow, ...]
    # (emergency access id, pupil id) open now, the one that runs longest first.
    break_glass: tuple[tuple[int, int], ...]
    # (pupil id, group id) of the current members of the groups the user is assigned to.
    members: frozenset[tuple[int, int]] = frozenset()


# Columns: kind, id, school (or pupil) id, group id, text (role, or grant category), grant scope,
# and two sort keys (break glass: latest expiry first, then newest). PostgreSQL types each column
# from the first branches, two at a time, and takes a column of NULLs for text, which no number
# or timestamp joins: so the first branch gives every column its type.
# The user's staff row (`s`) and current assignments (`a`) are named once and used by every
# branch: PostgreSQL plans two small common expressions instead of five joins with the staff
# table (0.23 against 0.39 ms of planning on the benchmark board), and SQLite reads the staff
# row once. On PostgreSQL the statement is also prepared once per connection (`lib.prepared`).
_SQL = """
WITH s AS (SELECT id, board_id, left_on FROM {staff} WHERE user_id = %(user)s),
a AS (
  SELECT a.id, a.school_id, a.group_id, a.role FROM {assignment} a JOIN s ON a.staff_id = s.id
   WHERE a.starts_on <= %(day)s AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
     AND (s.left_on IS NULL OR s.left_on >= %(day)s)
)
SELECT 'break_glass' AS kind, b.id AS id, b.pupil_id AS school_id,
       CAST(NULL AS BIGINT) AS group_id, CAST(NULL AS VARCHAR(100)) AS text,
       CAST(NULL AS VARCHAR(10)) AS scope, b.expires_at AS expires_at, -b.id AS tiebreak
  FROM {break_glass} b JOIN s ON b.staff_id = s.id
 WHERE b.board_id = s.board_id AND b.opened_at <= %(now)s AND b.expires_at > %(now)s
UNION ALL
SELECT 'board', s.board_id, NULL, NULL, NULL, NULL, NULL, 0 FROM s
UNION ALL
SELECT 'assignment', a.id, a.school_id, a.group_id, a.role, NULL, NULL, 0 FROM a
UNION ALL
SELECT 'grant', g.id, g.school_id, g.group_id, g.category_key, g.scope, NULL, g.id
  FROM {grant} g JOIN s ON g.grantee_id = s.id
 WHERE g.board_id = s.board_id AND g.revoked_at IS NULL
   AND g.starts_on <= %(day)s AND g.ends_on >= %(day)s
UNION ALL
SELECT 'member', m.pupil_id, NULL, m.group_id, NULL, NULL, NULL, 0
  FROM {membership} m JOIN a ON a.group_id = m.group_id
 WHERE m.starts_on <= %(day)s AND (m.ends_on IS NULL OR m.ends_on >= %(day)s)
ORDER BY 1, 7 DESC, 8
"""


def _sql() -> str:
    quote = connection.ops.quote_name
    return _SQL.format(
        staff=quote(Staff._meta.db_table),
        assignment=quote(Assignment._meta.db_table),
        grant=quote(Grant._meta.db_table),
        break_glass=quote(BreakGlassAccess._meta.db_table),
        membership=quote(GroupMembership._meta.db_table),
    )


def _params(user_id: int, day: date, now: datetime) -> dict[str, Any]:
    ops = connection.ops
    if connection.vendor == "postgresql":
        # Bound on the server, a Python int is typed int2, int4 or int8 by its size, and each type
        # is a statement of its own for psycopg: one type, one prepared statement.
        return {"user": Int8(user_id), "day": day, "now": now}
    return {
        "user": user_id,
        "day": ops.adapt_datefield_value(day),
        "now": ops.adapt_datetimefield_value(now),
    }


def _read(user_id: int, day: date, now: datetime) -> UserFacts:
    board_id: int | None = None
    assignments: list[tuple[str, int | None, int | None]] = []
    grants: list[GrantRow] = []
    break_glass: list[tuple[int, int]] = []
    members: set[tuple[int, int]] = set()
    with prepared_cursor(connection) as cursor:
        cursor.execute(_sql(), _params(user_id, day, now))
        rows = cursor.fetchall()
    for kind, row_id, school_id, group_id, text, scope, _expires, _tiebreak in rows:
        if kind == "board":
            board_id = row_id
        elif kind == "assignment":
            assignments.append((text, school_id, group_id))
        elif kind == "grant":
            grants.append(GrantRow(row_id, scope, school_id, group_id, text))
        elif kind == "member":
            members.add((row_id, group_id))
        else:
            break_glass.append((row_id, school_id))
    return UserFacts(
        board_id, tuple(assignments), tuple(grants), tuple(break_glass), frozenset(members)
    )


def user_facts(user: User, day: date | None = None) -> UserFacts:
    """The user's board, assignments, grants and group members on `day` (default today) and
    emergency accesses open now: one statement, once per request."""
    on = day or timezone.localdate()
    return memoised(("access.user_facts", user.pk, on), lambda: _read(user.pk, on, timezone.now()))
