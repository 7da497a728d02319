"""A withdrawal racing a disclosure on consent, on PostgreSQL: two connections, a forced
interleaving (consents/locks.py, decision 0016).

The disclosure is stopped between the gate (which read "granted") and the row it writes, while a
second connection withdraws the consent. Without the shared locks the withdrawal commits at once
and the ledger then shows a disclosure recorded after the consent it relied on was withdrawn.
With them the withdrawal waits until the disclosure is recorded. And once the withdrawal has
committed, a disclosure reads it and is refused. SQLite needs no such test: its write
transactions never overlap.
"""

import pytest
from django.db import connection

from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.disclosures import services
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import Sharing, decide, record
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


YOUTH_CARE = {
    "recipient": "youth_care",
    "basis": "consent",
    "categories": ["pupil.identity", "pupil.care.notes"],
}


def test_a_withdrawal_waits_for_the_disclosure_that_relied_on_the_consent(
    sharing: Sharing, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = sharing.world
    purpose = sharing.purpose("sharing_youth_care")
    decide(w.pupil_a, purpose, "granted", guardian=w.parent.guardian)
    gate_passed = Pause()
    monkeypatch.setattr(services, "before_recording", gate_passed)
    race = interleave(
        lambda: record(w.care_coordinator, w.pupil_a, **YOUTH_CARE),
        gate_passed,
        lambda: decide(w.pupil_a, purpose, "withdrawn", guardian=w.parent.guardian),
        second_waits=True,
        message="the withdrawal committed while the disclosure relied on the consent",
    )
    race.first.result()
    race.second.result()
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
