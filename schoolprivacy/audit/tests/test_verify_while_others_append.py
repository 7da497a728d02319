"""verify-audit on a live log: other requests append to the chain while it is walked (a page
view logs its reads). The walk reads the chain's head first and ends there; what was appended
after it began is the next run's. Comparing the end of the walk with a head read afterwards
reported a deleted end ("NOT intact") whenever an event was committed between the two."""

from typing import Any

import pytest
from django.db import connection

from schoolprivacy.audit import chain_ends, stored_pages, verification
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL
from schoolprivacy.audit.tests.tampering import delete_events, execute
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.testing.two_connections import Pause, interleave

CHAIN = 765_432


def _append(chain: int = CHAIN) -> AuditEvent:
    return audit_record(
        action="people.pupil.viewed", board_id=chain, actor_id=None, subjects=[Subject(PUPIL, 7)]
    )


def _appending_after_pages(monkeypatch: pytest.MonkeyPatch, when: Any) -> list[int]:
    """Pages of 3; after each page the walk reads for which `when(rows)` holds, one event is
    appended (once). The list collects the sequence numbers of the pages read."""
    monkeypatch.setattr(verification, "CHUNK", 3)
    real = stored_pages.fast_pages
    read: list[int] = []

    def fast_pages(conn: Any, bound: int | None = None) -> Any:
        page = real(conn, bound)

        def reading(*args: Any) -> Any:
            rows = list(page(*args))
            read.extend(row[1] for row in rows)
            if when(rows) and not getattr(reading, "appended", False):
                reading.appended = True  # type: ignore[attr-defined]
                _append()
            return rows

        reading.close = getattr(page, "close", lambda: None)  # type: ignore[attr-defined]
        return reading

    monkeypatch.setattr(verification, "fast_pages", fast_pages)
    return read


@pytest.mark.django_db
def test_events_appended_during_the_walk_are_left_for_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(10):
        _append()
    _appending_after_pages(monkeypatch, lambda rows: True)  # after the first page
    report = verify_chain(CHAIN)
    assert report.problem is None
    assert report.checked == 10 and report.last is not None and report.last.seq == 10
    assert AuditEvent.objects.filter(chain=CHAIN).count() == 11
    # The next run takes it.
    assert verify_chain(CHAIN).checked == 11


@pytest.mark.django_db
def test_an_event_appended_once_the_last_page_was_read_does_not_fail_the_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _ in range(10):
        _append()
    _appending_after_pages(monkeypatch, lambda rows: not rows or rows[-1][1] >= 10)
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 10


@pytest.mark.django_db
def test_the_end_deleted_is_still_found_when_events_were_appended_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The head as read first says 10; event 10 is gone and 11 was appended after the walk
    began: the walk must not take 11 for 10's successor, nor end content at 9."""
    for _ in range(10):
        _append()
    delete_events(CHAIN, from_seq=10)
    _appending_after_pages(monkeypatch, lambda rows: True)
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == 10
    assert report.checked == 9


@pytest.mark.django_db
def test_a_chain_that_gets_its_first_events_during_the_walk_verifies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No head when the walk began, events by the time it reads: they were committed with the
    head, which is read again and the chain walked up to it."""
    monkeypatch.setattr(verification, "CHUNK", 3)
    real = stored_pages.fast_pages
    appended: list[AuditEvent] = []

    def fast_pages(conn: Any, bound: int | None = None) -> Any:
        page = real(conn, bound)

        def reading(*args: Any) -> Any:
            if not appended:
                appended.extend(_append() for _ in range(4))
            return page(*args)

        reading.close = getattr(page, "close", lambda: None)  # type: ignore[attr-defined]
        return reading

    monkeypatch.setattr(verification, "fast_pages", fast_pages)
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 4


@pytest.mark.django_db
def test_a_chain_without_a_head_is_still_reported() -> None:
    for _ in range(3):
        _append()
    execute("DELETE FROM audit_auditchainhead WHERE chain = %s", [CHAIN])
    report = verify_chain(CHAIN)
    assert report.problem is not None and report.checked == 3


@pytest.mark.django_db
def test_an_event_after_the_end_is_named_also_when_the_head_went_meanwhile() -> None:
    # The walk ended at 3 under the head it read first; then the head row was deleted and a
    # fourth event written around the application. The event to name is the fourth, not the
    # first of the chain (which the walk found intact).
    for _ in range(3):
        _append()
    fourth = _append()
    execute("DELETE FROM audit_auditchainhead WHERE chain = %s", [CHAIN])
    problem = chain_ends.beyond_head(CHAIN, end=3)
    assert problem is not None
    assert (problem.seq, problem.event_id) == (4, fourth.id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_an_event_committed_on_another_connection_at_the_end_of_the_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk has read its last page and is about to compare its end with the head; another
    connection commits an event of the same chain (a page view's log) right then."""
    for _ in range(5):
        _append()
    pause = Pause()
    monkeypatch.setattr(verification, "_end_problem", pause.before(chain_ends.end_problem))
    race = interleave(lambda: verify_chain(CHAIN), pause, _append, second_waits=False)
    race.second.result()
    report = race.first.result()
    assert report.problem is None, report.problem
    assert report.checked == 5
    assert verify_chain(CHAIN).checked == 6
