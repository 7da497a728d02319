"""Check-then-act under real concurrency on PostgreSQL: an export reads consent, then writes.

The export is stopped while it writes its rows (consent already read), and a parent withdraws
consent on a second connection meanwhile. With the share locks of consents/locks.py the
withdrawal waits until the export commits, so the export never goes out with a child whose
consent was withdrawn before it was made. SQLite needs no such test: its write transactions
never overlap.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Decision, Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.suppliers.exports import uwlr
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests.helpers import make_agreement
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def _while_exporting(
    world: World,
    agreement: Any,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[], Any],
    message: str,
) -> None:
    """The export stops while it writes its rows (what it relies on already read); `change` runs
    on a second connection meanwhile and must wait for it."""
    writing = Pause()
    monkeypatch.setattr(uwlr, "cell", writing.before(uwlr.cell))
    race = interleave(
        lambda: export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
        ),
        writing,
        change,
        second_waits=True,
        message=message,
    )
    race.first.result()
    race.second.result()


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
    _while_exporting(
        world,
        agreement,
        monkeypatch,
        lambda: decide(Decision.WITHDRAWN),
        "the withdrawal committed while the export relied on the old consent",
    )
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
    _while_exporting(
        world,
        agreement,
        monkeypatch,
        lambda: agreement_change_data_set(
            agreement=agreement, actor=world.privacy_officer, fields=["pseudonym"], reason="x"
        ),
        "the data set changed while an export under the previous version was written",
    )
    export = agreement.exports.get()
    kept = agreement.versions.get(number=export.agreement_version)
    assert kept.exported_fields == export.fields == ["pseudonym", "first_name"]
