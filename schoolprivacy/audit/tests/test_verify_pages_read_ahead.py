"""verify-audit on PostgreSQL reads the next page while it hashes the current one (decision
0054, amended): tampering in a page that was read ahead, or at the edge between two pages, is
found exactly as in the first page, and the read-ahead runs in the walk's transaction (these
tests' events are not committed: another connection would not see them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from schoolprivacy.audit import verification
from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL
from schoolprivacy.audit.tests.tampering import delete_events, execute
from schoolprivacy.audit.verification import verify_chain

CHAIN = 654_321


def _chain_of_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(10):
        audit_record(
            action="people.pupil.updated",
            board_id=CHAIN,
            actor_id=None,
            subjects=[Subject(PUPIL, number)],
        )
    # Pages of 3: seq 1-3 read first, 4-6, 7-9 and 10 read ahead.
    monkeypatch.setattr(verification, "CHUNK", 3)


def _event_id(seq: int) -> int:
    return AuditEvent.objects.get(chain=CHAIN, seq=seq).id


@pytest.mark.django_db
def test_every_page_is_read_once_and_the_chain_verifies(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain_of_ten(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 10
    assert report.last is not None and report.last.seq == 10
    afters = [
        q["sql"].split("e.seq > ")[1].split()[0]
        for q in queries
        if "LIMIT" in q["sql"] and "e.seq > " in q["sql"]
    ]
    # The walk ends at the head it read first: no page is asked for after it.
    assert afters == ["0", "3", "6", "9"]


@pytest.mark.django_db
@pytest.mark.parametrize("seq", [4, 6, 8, 10])
def test_a_changed_event_in_a_later_page_is_found(
    monkeypatch: pytest.MonkeyPatch, seq: int
) -> None:
    _chain_of_ten(monkeypatch)
    execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y.z", _event_id(seq)])
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == seq
    assert report.checked == seq - 1


@pytest.mark.django_db
@pytest.mark.parametrize("seq", [5, 9])
def test_a_subject_row_removed_in_a_later_page_is_found(
    monkeypatch: pytest.MonkeyPatch, seq: int
) -> None:
    _chain_of_ten(monkeypatch)
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [_event_id(seq)])
    assert not AuditSubject.objects.filter(event_id=_event_id(seq)).exists()
    with translation.override("en"):
        report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == seq
    assert "subject index" in report.problem.reason


@pytest.mark.django_db
def test_an_event_deleted_at_the_edge_of_two_pages_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _chain_of_ten(monkeypatch)
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [_event_id(7)])
    execute("DELETE FROM audit_auditevent WHERE id = %s", [_event_id(7)])
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == 7
    assert report.checked == 6


@pytest.mark.django_db
def test_the_last_events_deleted_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain_of_ten(monkeypatch)
    delete_events(CHAIN, from_seq=7)
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.checked == 6
    assert report.problem.event_id is None  # the end of the chain against its head
