"""verify-audit compares each event's subject index rows with its hashed `subjects` (decision
0021): the index is not hashed, so the comparison is what notices an edit to it. The fast path
prints the rows as jsonb prints the list (decision 0054); a row it cannot print that way, or an
index read for the wrong ids, must never pass for the event's subjects."""

from typing import Any

import pytest
from django.utils import translation

from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import GUARDIAN, PUPIL
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.django_db
CHAIN = 654_321
OTHERS = (654_322, 654_323, 654_324)


def _problem(chain: int = CHAIN) -> Any:
    with translation.override("en"):
        report = verify_chain(chain)
    assert report.problem is not None
    return report.problem


def _append(chain: int, n: int) -> AuditEvent:
    return audit_record(
        action="people.pupil.updated",
        board_id=chain,
        actor_id=None,
        subjects=[Subject(PUPIL, n), Subject(GUARDIAN, n + 100)],
    )


def test_a_type_that_prints_as_two_subjects_does_not_pass_for_them() -> None:
    """One index row whose type holds a quote would, pasted between quotes, print as the
    event's two subjects: the fast path must quote it, the full check then refuses it."""
    events = [
        audit_record(
            action="people.pupil.updated",
            board_id=CHAIN,
            actor_id=None,
            subjects=[Subject(PUPIL, 1), Subject(PUPIL, 2)],
        )
        for _ in range(3)
    ]
    target = events[1]
    rows = list(AuditSubject.objects.filter(event=target).order_by("id"))
    # Within the column's 50 characters.
    forged = f'{PUPIL}"}}, {{"id": 2, "type": "{PUPIL}'
    execute("DELETE FROM audit_auditsubject WHERE id = %s", [rows[1].id])
    execute(
        "UPDATE audit_auditsubject SET subject_type = %s WHERE id = %s",
        [forged, rows[0].id],
    )
    problem = _problem()
    assert (problem.seq, problem.event_id) == (2, target.id)
    assert "subject index" in problem.reason


def test_chains_appended_in_between_verify_and_their_index_counts() -> None:
    """Boards appending at the same time leave gaps in a chain's event ids; the index of the
    chain's own events is still read whole, and an edit to it still noticed."""
    mine = []
    for n in range(1, 7):
        mine.append(_append(CHAIN, n))
        for other in OTHERS:
            _append(other, n)
    for chain in (CHAIN, *OTHERS):
        report = verify_chain(chain)
        assert (report.checked, report.problem) == (6, None), chain
    target = mine[4]
    execute(
        "UPDATE audit_auditsubject SET subject_id = subject_id + 1 WHERE event_id = %s "
        "AND subject_type = %s",
        [target.id, GUARDIAN],
    )
    problem = _problem()
    assert (problem.seq, problem.event_id) == (5, target.id)


def test_an_index_row_added_to_an_event_without_subjects_fails() -> None:
    audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    bare = audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    execute(
        "INSERT INTO audit_auditsubject (event_id, subject_type, subject_id) VALUES (%s, %s, %s)",
        [bare.id, PUPIL, 5],
    )
    assert _problem().seq == 2
