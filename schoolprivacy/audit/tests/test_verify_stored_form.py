"""Scheme 3 (decision 0041): the hash covers the columns as stored, and verify-audit hashes what
the database returns. Every column still counts: change any one and the event fails."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from schoolprivacy.audit import verification
from schoolprivacy.audit.chain import SCHEME_HMAC, SCHEME_STORED, stored_json
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import GUARDIAN, PUPIL
from schoolprivacy.audit.tests.tampering import execute, rewrite_chain
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.django_db
CHAIN = 765_432


@pytest.fixture
def events() -> list[AuditEvent]:
    return [
        audit_record(
            action="people.pupil.updated",
            board_id=CHAIN,
            actor_id=12,
            subjects=[Subject(PUPIL, n), Subject(GUARDIAN, n + 100)],
            fields=["surname"],
            context={"rule": "pupil.left", "counts": {"rows": n}},
        )
        for n in range(1, 5)
    ]


def _problem() -> Any:
    with translation.override("en"):
        report = verify_chain(CHAIN)
    assert report.problem is not None
    return report.problem


def test_untouched_events_pass_without_the_full_check(events, monkeypatch) -> None:
    """The fast path alone carries them: the full check would fail every event."""
    monkeypatch.setattr(verification, "_full_check", lambda *args: "full check used")
    report = verify_chain(CHAIN)
    assert (report.checked, report.problem) == (4, None)
    assert {e.scheme for e in events} == {SCHEME_STORED}


CHANGES: dict[str, tuple[str, Any]] = {
    "occurred_at": ("occurred_at", "2026-01-01 00:00:00.000000"),
    "action": ("action", "people.pupil.viewed"),
    "actor": ("actor_id", 13),
    "no actor": ("actor_id", None),
    "channel": ("channel", "api"),
    "fields": ("fields", '["first_name"]'),
    "context": ("context", '{"rule": "pupil.left", "counts": {"rows": 9}}'),
    "subjects": ("subjects", '[{"id": 2, "type": "people.pupil"}]'),
    "a line break shifted into the context": ("context", '{"rule": "pupil.left"}\n'),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_changing_any_column_fails_the_event(events, change) -> None:
    column, value = CHANGES[change]
    target = events[2]
    cast = (
        "::jsonb"
        if connection.vendor == "postgresql" and column in ("fields", "context", "subjects")
        else ""
    )
    execute(f"UPDATE audit_auditevent SET {column} = %s{cast} WHERE id = %s", [value, target.id])
    problem = _problem()
    assert (problem.seq, problem.event_id) == (3, target.id)


def test_the_same_value_in_other_json_text_still_verifies(events) -> None:
    """Stored text that is not in stored form (a restore through another tool) is checked on its
    decoded value: slower, never a false alarm."""
    execute(
        "UPDATE audit_auditevent SET context = %s WHERE id = %s",
        ['{"counts":{"rows":2},   "rule":"pupil.left"}', events[1].id],
    )
    report = verify_chain(CHAIN)
    assert (report.checked, report.problem) == (4, None)


def test_relabelling_an_event_as_the_older_keyed_scheme_fails_it(events) -> None:
    execute("UPDATE audit_auditevent SET scheme = %s WHERE id = %s", [SCHEME_HMAC, events[0].id])
    assert _problem().seq == 1


def test_events_of_the_older_keyed_scheme_still_verify(events) -> None:
    """Events written before decision 0041 (scheme 2) take the full check and pass."""
    rewrite_chain(CHAIN, key=settings.AUDIT_CHAIN_KEY.encode(), scheme=SCHEME_HMAC)
    assert set(AuditEvent.objects.filter(chain=CHAIN).values_list("scheme", flat=True)) == {2}
    report = verify_chain(CHAIN)
    assert (report.checked, report.problem) == (4, None)
    audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)
    assert verify_chain(CHAIN).checked == 5


def test_a_subject_index_row_moved_to_another_event_fails(events) -> None:
    execute(
        "UPDATE audit_auditsubject SET event_id = %s WHERE event_id = %s AND subject_id = %s",
        [events[0].id, events[1].id, 102],
    )
    assert _problem().seq == 1


VALUES = [
    {},
    [],
    {"b": 1, "aa": [1, 2.5, None, True, False], "a": {"z": 'é\n"\\\t\u0001/'}},
    {"large": 10**20, "small": 1e-05, "whole": 2.0, "neg": -3},
    ["x", {"ccc": 1, "bb": 2, "a": 3, "ab": 4}],
]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("value", VALUES)
def test_stored_json_prints_as_postgresql_prints_jsonb(value) -> None:
    import json

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::jsonb::text", [json.dumps(value)])
        assert cursor.fetchone()[0] == stored_json(value)
