"""verify-audit streams rows as the driver returns them (issue 18.3): the canonical content it
assembles must be byte for byte what `audit.chain.canonical_content` makes, for every value."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit import verification
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import GUARDIAN, PUPIL
from schoolprivacy.audit.verification import verify_chain

CHAIN = 876_543


@pytest.mark.django_db
def test_values_of_every_shape_verify() -> None:
    # A whole second: SQLite then stores no fraction ("12:00:00", not "12:00:00.000000").
    with time_machine.travel(datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC), tick=False):
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    audit_record(
        action="imports.run.completed",
        board_id=CHAIN,
        actor_id=12,
        channel="command",
        subjects=[Subject(PUPIL, 3), Subject(GUARDIAN, 4)],
        fields=["surname", "first_name", "surname"],
        context={"school": "12AB", "counts": {"rows": 3, "zero": 0}, "flags": [True, None, 1.5]},
    )
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 2
    assert report.last is not None and report.last.seq == 2


@pytest.mark.django_db
def test_the_chain_is_read_in_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(7):
        audit_record(
            action="people.pupil.updated",
            board_id=CHAIN,
            actor_id=None,
            subjects=[Subject(PUPIL, 1)],
        )
    monkeypatch.setattr(verification, "CHUNK", 3)
    with CaptureQueriesContext(connection) as queries:
        report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 7
    pages = [q for q in queries if "LIMIT" in q["sql"] and "seq >" in q["sql"]]
    # Two full pages and the partial one that reaches the head: memory holds one page.
    assert len(pages) == 3
