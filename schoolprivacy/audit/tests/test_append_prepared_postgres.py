"""On PostgreSQL an event's append is one statement, prepared once per connection (decision
0064): whatever the event holds (no subjects or several, small and large ids), it is the same
prepared statement (one each for no actor and no subjects), and what it writes verifies.
Without prepared statements (`DB_PREPARED_STATEMENTS=false`) the same events are written."""

from collections.abc import Iterator

import pytest
from django.db import connection

from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import GUARDIAN, PUPIL
from schoolprivacy.audit.verification import verify_chain

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements"),
]
CHAIN = 2**40  # a board id beyond int4: bound as int8 like every other


def _appends() -> list[tuple[int, int]]:
    """(generic plans, custom plans) of each prepared append on this connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["WITH head AS (UPDATE%"],
        )
        return list(cursor.fetchall())


def _record_many() -> None:
    shapes = [
        {"actor_id": None, "subjects": []},
        {"actor_id": None, "subjects": [Subject(PUPIL, 5)]},
        {"actor_id": 7, "subjects": []},
        {"actor_id": 7, "subjects": [Subject(PUPIL, 1)]},
        {"actor_id": 2**35, "subjects": [Subject(PUPIL, 2**33), Subject(GUARDIAN, 3)]},
    ]
    for round_number in range(4):
        for shape in shapes:
            audit_record(
                action="people.pupil.viewed",
                board_id=CHAIN,
                context={"round": round_number},
                **shape,  # type: ignore[arg-type]
            )


@pytest.fixture
def generic_plans() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    yield


def test_every_append_is_one_prepared_statement_and_verifies(generic_plans: None) -> None:
    _record_many()
    prepared = _appends()
    # Four: psycopg sends NULL and an empty list untyped, so an event without an actor, or
    # without subjects, is a statement of its own; large and small ids are one (int8).
    assert len(prepared) == 4
    # Every append ran one of them (the chain's first after locking and creating its head).
    assert sum(generic + custom for generic, custom in prepared) == 20
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 20
    big = AuditEvent.objects.filter(chain=CHAIN, actor_id=2**35)
    assert big.count() == 4
    assert AuditSubject.objects.filter(event__in=big, subject_id=2**33).count() == 4


def test_without_prepared_statements_the_same_is_written() -> None:
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, None
    try:
        _record_many()
    finally:
        raw.prepare_threshold = threshold
    assert _appends() == []
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 20
