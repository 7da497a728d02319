"""Check-then-act under real concurrency on PostgreSQL: an export reads consent, then writes.

The export is stopped while it writes its rows (consent already read), and a parent withdraws
consent on a second connection meanwhile. With the share locks of consents/locks.py the
withdrawal waits until the export commits, so the export never goes out with a child whose
consent was withdrawn before it was made. SQLite needs no such test: its write transactions
never overlap.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Decision, Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.suppliers.exports import uwlr
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]
GRACE = 1.5


class Worker(threading.Thread):
    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


def test_a_withdrawal_waits_for_the_export_that_relies_on_the_consent(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    purposes_install_defaults(board=world.board, actor_id=None)
    purpose = Purpose.objects.filter(board=world.board, school__isnull=True).order_by("key")[0]
    agreement = make_agreement(world, fields=["pseudonym"], consent_purpose=purpose.key)
    guardian = world.parent.guardians.get()

    def decide(decision: str) -> None:
        consent_decide(
            actor=world.parent,
            pupil=world.pupil_a,
            purpose=purpose,
            decision=decision,
            by_guardian=guardian,
            method=Method.PORTAL,
        )

    decide(Decision.GRANTED)
    started, release = threading.Event(), threading.Event()
    real = uwlr.cell

    def paused_cell(value: Any) -> str:
        if not started.is_set():
            started.set()
            assert release.wait(20)
        return real(value)

    monkeypatch.setattr(uwlr, "cell", paused_cell)
    exporter = Worker(
        lambda: export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
        )
    )
    exporter.start()
    assert started.wait(20), "the export never started writing"
    withdrawer = Worker(lambda: decide(Decision.WITHDRAWN))
    withdrawer.start()
    withdrawer.join(GRACE)
    waited = withdrawer.is_alive()
    release.set()
    exporter.join(30)
    withdrawer.join(30)
    assert exporter.error is None, exporter.error
    assert withdrawer.error is None, withdrawer.error
    assert waited, "the withdrawal committed while the export relied on the old consent"
    assert agreement.exports.get().pupil_count == 1
    # The next export leaves the child out.
    again = export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )
    assert again.export.pupil_count == 0


def test_an_amendment_waits_for_the_export_under_the_previous_version(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from schoolprivacy.suppliers.services import agreement_change_data_set

    agreement = make_agreement(world, fields=["pseudonym", "first_name"])
    started, release = threading.Event(), threading.Event()
    real = uwlr.cell

    def paused_cell(value: Any) -> str:
        if not started.is_set():
            started.set()
            assert release.wait(20)
        return real(value)

    monkeypatch.setattr(uwlr, "cell", paused_cell)
    exporter = Worker(
        lambda: export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
        )
    )
    exporter.start()
    assert started.wait(20), "the export never started writing"
    amender = Worker(
        lambda: agreement_change_data_set(
            agreement=agreement, actor=world.privacy_officer, fields=["pseudonym"], reason="x"
        )
    )
    amender.start()
    amender.join(GRACE)
    waited = amender.is_alive()
    release.set()
    exporter.join(30)
    amender.join(30)
    assert exporter.error is None, exporter.error
    assert amender.error is None, amender.error
    assert waited, "the data set changed while an export under the previous version was written"
    export = agreement.exports.get()
    kept = agreement.versions.get(number=export.agreement_version)
    assert kept.exported_fields == export.fields == ["pseudonym", "first_name"]
