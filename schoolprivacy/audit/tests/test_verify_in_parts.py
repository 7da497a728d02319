"""verify-audit walks a long chain in parts, each in its own process (decision 0063): the
report must be the one a single walk gives, for an intact chain and for every kind of
tampering, at the edges between parts as in their middle. The parts are joined by the parent:
the first event of each part must carry the hash the part before ended with.

On SQLite (in memory here) the parts are walked one after the other in this process, which
checks the splitting and joining; the PostgreSQL test forks real processes."""

import os
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation

from schoolprivacy.audit import verification
from schoolprivacy.audit.models import AuditSubject
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import PUPIL
from schoolprivacy.audit.tests.chain_edits import ChainEdits, summary
from schoolprivacy.audit.verification import ChainReport, verify_chain

CHAIN = 543_210
EVENTS = 20  # in three parts: 1-6, 7-13, 14-20


def _chain() -> None:
    for number in range(EVENTS):
        audit_record(
            action="people.pupil.updated",
            board_id=CHAIN,
            actor_id=None,
            subjects=[Subject(PUPIL, number)],
        )


EDIT = ChainEdits(CHAIN)


TAMPERING: dict[str, Any] = {
    "intact": lambda: None,
    **{f"changed {s}": (lambda s=s: EDIT.change(s)) for s in (1, 6, 7, 10, 13, 14, 20)},
    **{f"deleted {s}": (lambda s=s: EDIT.delete(s)) for s in (6, 7, 13, 14, 20)},
    "deleted 5-8 across an edge": lambda: EDIT.delete(5, 6, 7, 8),
    "deleted the whole middle part": lambda: EDIT.delete(*range(7, 14)),
    "deleted 12-20, the end": lambda: EDIT.delete(*range(12, 21)),
    **{f"unlinked {s}": (lambda s=s: EDIT.unlink(s)) for s in (7, 14, 15)},
    **{f"subject dropped {s}": (lambda s=s: EDIT.drop_subject(s)) for s in (7, 13)},
    **{f"swapped {s}": (lambda s=s: EDIT.swap(s)) for s in (6, 13, 9)},
}


def _verify(processes: int, *, in_parts: bool = True) -> ChainReport:
    with override_settings(AUDIT_VERIFY_PROCESSES=processes), translation.override("en"):
        return verify_chain(CHAIN, in_parts=in_parts)


@pytest.mark.django_db
@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_parts_report_what_one_walk_reports(
    monkeypatch: pytest.MonkeyPatch, tampering: str
) -> None:
    _chain()
    TAMPERING[tampering]()
    monkeypatch.setattr(verification, "CHUNK", 3)
    monkeypatch.setattr(verification, "PART_AT_LEAST", 5)
    monkeypatch.setattr(verification, "can_fork", lambda *_args: True)
    splits: list[list[tuple[int, int]]] = []

    def in_this_process(function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
        splits.append([(call[2], call[3]) for call in calls])
        return [function(*call) for call in calls]

    monkeypatch.setattr(verification, "run_parts", in_this_process)
    one = _verify(1)
    assert splits == []
    # Only the commands ask for parts (a worker with threads of its own must not fork).
    assert summary(_verify(3, in_parts=False)) == summary(one)
    assert splits == []
    parts = _verify(3)
    assert splits == [[(1, 6), (7, 13), (14, 20)]]
    assert summary(parts) == summary(one)
    if tampering == "intact":
        assert one.problem is None and one.checked == EVENTS
    else:
        assert one.problem is not None


@pytest.mark.django_db
def test_a_short_chain_is_walked_in_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain()
    monkeypatch.setattr(verification, "PART_AT_LEAST", 8)  # 20 events: two parts at most
    monkeypatch.setattr(verification, "can_fork", lambda *_args: True)
    counts: list[int] = []

    def in_this_process(function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
        counts.append(len(calls))
        return [function(*call) for call in calls]

    monkeypatch.setattr(verification, "run_parts", in_this_process)
    assert _verify(8).checked == EVENTS
    assert counts == [2]
    monkeypatch.setattr(verification, "PART_AT_LEAST", 11)
    assert _verify(8).checked == EVENTS
    assert counts == [2]  # no second split: 20 events make one part of 11


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="forks processes that connect")
def test_forked_processes_walk_the_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _chain()
    monkeypatch.setattr(verification, "CHUNK", 4)
    monkeypatch.setattr(verification, "PART_AT_LEAST", 5)
    pids = tmp_path / "pids"
    real = verification._walk_part

    def noting_the_process(*args: Any) -> Any:
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(verification, "_walk_part", noting_the_process)
    report = _verify(3)
    assert report.problem is None and report.checked == EVENTS
    assert report.last is not None and report.last.seq == EVENTS
    assert len(set(pids.read_text().split())) == 3
    # Tampering in the last part, found by its process and reported with the parts before.
    EDIT.change(17)
    report = _verify(3)
    assert report.problem is not None and report.problem.seq == 17 and report.checked == 16
    assert AuditSubject.objects.filter(event__chain=CHAIN).count() == EVENTS
