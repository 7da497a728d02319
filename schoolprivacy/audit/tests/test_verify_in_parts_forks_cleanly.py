"""A review of decision 0063 on PostgreSQL: after `verify-audit` walked a chain in forked parts,
the parent's connection works (queries, an append through the prepared statement), no child
process or connection is left behind, and inside a transaction nothing is forked."""

import multiprocessing
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings

from schoolprivacy.audit import verification
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="forks processes that connect"
)
CHAIN = 543_212
EVENTS = 20


def _chain() -> None:
    for _number in range(EVENTS):
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)


def _backends() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_after_the_parts_the_parent_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain()
    monkeypatch.setattr(verification, "CHUNK", 4)
    monkeypatch.setattr(verification, "PART_AT_LEAST", 5)
    forks: list[int] = []
    real = verification.run_parts

    def counting(function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
        forks.append(len(calls))
        return real(function, calls)

    monkeypatch.setattr(verification, "run_parts", counting)
    before = _backends()
    out = StringIO()
    with override_settings(AUDIT_VERIFY_PROCESSES=3):
        call_command("verify_audit", stdout=out)
    assert forks == [3]
    assert f" {EVENTS} " in out.getvalue()
    assert multiprocessing.active_children() == []
    # The parent's next queries and appends, on the connection opened again.
    assert AuditEvent.objects.filter(chain=CHAIN).count() == EVENTS
    with transaction.atomic():
        audit_record(action="people.pupil.viewed", board_id=CHAIN, actor_id=1)
    assert _backends() <= before
    with override_settings(AUDIT_VERIFY_PROCESSES=3):
        report = verify_chain(CHAIN, in_parts=True)
    assert report.problem is None and report.checked == EVENTS + 1
    assert forks == [3, 3]


@pytest.mark.django_db
def test_inside_a_transaction_nothing_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    _chain()
    monkeypatch.setattr(verification, "PART_AT_LEAST", 5)

    def refuse(*_args: Any) -> Any:
        raise AssertionError("forked inside a transaction")

    monkeypatch.setattr(verification, "run_parts", refuse)
    with override_settings(AUDIT_VERIFY_PROCESSES=3):
        assert verify_chain(CHAIN, in_parts=True).checked == EVENTS
