"""verify-audit tells PostgreSQL's planner how large the log is before walking it: a log that
came from a bulk load or a restore has no statistics yet, and the walk of a million events ran at
a fifth of its speed without them (audit.verification.refresh_statistics)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _analyzed(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].upper().startswith("ANALYZE")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_verify_audit_analyzes_the_event_and_subject_tables_first() -> None:
    audit_record(action="people.pupil.updated", board_id=1, actor_id=None)
    with CaptureQueriesContext(connection) as queries:
        call_command("verify_audit", stdout=StringIO())
    analyzed = _analyzed(queries.captured_queries)
    assert analyzed == ['ANALYZE "audit_auditevent"', 'ANALYZE "audit_auditsubject"']
    first_walk = next(i for i, q in enumerate(queries.captured_queries) if "e.chain = " in q["sql"])
    assert first_walk > max(
        i for i, q in enumerate(queries.captured_queries) if q["sql"].startswith("ANALYZE")
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite plans without them")
def test_on_sqlite_nothing_is_analyzed() -> None:
    audit_record(action="people.pupil.updated", board_id=1, actor_id=None)
    with CaptureQueriesContext(connection) as queries:
        call_command("verify_audit", stdout=StringIO())
    assert _analyzed(queries.captured_queries) == []
