"""A withdrawal racing a disclosure on consent, on PostgreSQL: two connections, a forced
interleaving (consents/locks.py, decision 0016).

The disclosure is stopped between the gate (which read "granted") and the row it writes, while a
second connection withdraws the consent. Without the shared locks the withdrawal commits at once
and the ledger then shows a disclosure recorded after the consent it relied on was withdrawn.
With them the withdrawal waits until the disclosure is recorded. And once the withdrawal has
committed, a disclosure reads it and is refused. SQLite needs no such test: its write
transactions never overlap.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.disclosures import services
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import Sharing, decide, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def _blocked_on_a_lock(worker: threading.Thread, timeout: float = 20.0) -> bool:
    """Whether `worker` ends up waiting for a row lock (True) or finishes without one (False):
    asked of PostgreSQL rather than guessed from the time it takes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not worker.is_alive():
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            (waiting,) = cursor.fetchone()
        if waiting:
            return True
        time.sleep(0.05)
    raise AssertionError("the withdrawal neither finished nor waited for a lock")


YOUTH_CARE = {
    "recipient": "youth_care",
    "basis": "consent",
    "categories": ["pupil.identity", "pupil.care.notes"],
}


class Worker(threading.Thread):
    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None
        self.value: Any = None

    def run(self) -> None:
        try:
            self.value = self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


def test_a_withdrawal_waits_for_the_disclosure_that_relied_on_the_consent(
    sharing: Sharing, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = sharing.world
    purpose = sharing.purpose("sharing_youth_care")
    decide(w.pupil_a, purpose, "granted", guardian=w.parent.guardian)
    gate_passed, release = threading.Event(), threading.Event()

    def paused() -> None:
        gate_passed.set()
        assert release.wait(20)

    monkeypatch.setattr(services, "before_recording", paused)
    discloser = Worker(lambda: record(w.care_coordinator, w.pupil_a, **YOUTH_CARE))
    discloser.start()
    assert gate_passed.wait(20), "the disclosure never passed the gate"
    withdrawer = Worker(lambda: decide(w.pupil_a, purpose, "withdrawn", guardian=w.parent.guardian))
    withdrawer.start()
    waited = _blocked_on_a_lock(withdrawer)
    release.set()
    discloser.join(30)
    withdrawer.join(30)
    assert discloser.error is None, discloser.error
    assert withdrawer.error is None, withdrawer.error
    assert waited, "the withdrawal committed while the disclosure relied on the consent"
    disclosure = Disclosure.objects.get()
    withdrawal = ConsentDecision.objects.get(decision="withdrawn")
    assert disclosure.recorded_at <= withdrawal.recorded_at


def test_a_disclosure_after_a_committed_withdrawal_is_refused(
    sharing: Sharing, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = sharing.world
    purpose = sharing.purpose("sharing_youth_care")
    decide(w.pupil_a, purpose, "granted", guardian=w.parent.guardian)
    decide(w.pupil_a, purpose, "withdrawn", guardian=w.parent.guardian)
    with pytest.raises(DisclosureRefused):
        record(w.care_coordinator, w.pupil_a, **YOUTH_CARE)
    assert not Disclosure.objects.exists()
