"""Writes to one agreement's data set on two connections (PostgreSQL), interleaved at their
check-then-act: an amendment reads the data set and its version and then writes the new data set
under "version n+1"; an approval checks that the agreement names the field and that it is not
approved yet, and then records it under "version n+1"; a data flow checks that it carries only
fields of the data set, and then registers the flow.

`services._locked` re-reads the agreement FOR UPDATE, so the second writer waits for the first
and then reads what it committed. Without it, both read version n: the second commits
version n+1 first, and the first then fails on the unique version number (data_set_version_once)
after deciding on a data set that was no longer there. The export's lock has its own test in
test_races_postgres; it cannot prove this one (the export locks the agreement itself).

SQLite needs no such test: its write transactions never overlap.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.suppliers import services
from schoolprivacy.suppliers.models import Agreement, DataFlow
from schoolprivacy.suppliers.services import (
    agreement_change_data_set,
    data_flow_add,
    field_approve,
)
from schoolprivacy.suppliers.tests.helpers import make_agreement
from schoolprivacy.testing.two_connections import Interleaving, Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def _amend(world: World, agreement: Agreement, fields: list[str], reason: str):
    return lambda: agreement_change_data_set(
        agreement=agreement, actor=world.privacy_officer, fields=fields, reason=reason
    )


def _after_reading(monkeypatch: pytest.MonkeyPatch, first, second, message: str) -> Interleaving:
    """`first` stops right after it read the agreement (under the lock, when there is one);
    `second` must wait for it."""
    read = Pause()
    monkeypatch.setattr(services, "_locked", read.after(services._locked))
    return interleave(first, read, second, second_waits=True, message=message)


def test_two_amendments_of_one_agreement_take_turns(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name"])
    race = _after_reading(
        monkeypatch,
        _amend(world, agreement, ["pseudonym", "first_name", "surname"], "Addendum 1"),
        _amend(world, agreement, ["pseudonym"], "Addendum 2"),
        "a second amendment read the data set while the first was amending it",
    )
    assert race.first.result().version == 2
    assert race.second.result().version == 3
    versions = {v.number: (v.fields, v.reason) for v in agreement.versions.all()}
    assert versions == {
        1: (["pseudonym", "first_name"], ""),
        2: (["pseudonym", "first_name", "surname"], "Addendum 1"),
        3: (["pseudonym"], "Addendum 2"),
    }
    # The second amendment is recorded against what the first made of the data set.
    changed = AuditEvent.objects.filter(action="suppliers.data_set.changed").order_by("pk")
    assert [(e.fields, e.context["version"]) for e in changed] == [
        (["surname"], 2),
        (["first_name", "surname"], 3),
    ]


def test_an_approval_of_a_field_the_amendment_removes_waits_and_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "email"], approve=False)
    race = _after_reading(
        monkeypatch,
        _amend(world, agreement, ["pseudonym"], "No more email"),
        lambda: field_approve(
            agreement=agreement, key="email", approver=world.privacy_officer, reason="Nodig"
        ),
        "the approval checked the data set while an amendment was removing the field",
    )
    assert race.first.result().version == 2
    # It read the amended data set: the field is no longer there to approve.
    with pytest.raises(ValidationError):
        race.second.result()
    agreement.refresh_from_db()
    assert (agreement.fields, agreement.version) == (["pseudonym"], 2)
    assert not agreement.approvals.exists()
    assert sorted(agreement.versions.values_list("number", flat=True)) == [1, 2]


def test_a_flow_with_a_field_the_amendment_removes_waits_and_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name"])
    race = _after_reading(
        monkeypatch,
        _amend(world, agreement, ["pseudonym"], "No more names"),
        # The page loaded the agreement before the amendment committed.
        lambda: data_flow_add(
            agreement=agreement,
            actor=world.privacy_officer,
            source="parnassys",
            route="basispoort",
            fields=["pseudonym", "first_name"],
        ),
        "the flow checked the data set while an amendment was removing a field it carries",
    )
    race.first.result()
    with pytest.raises(ValidationError):
        race.second.result()
    # No flow carries a field the agreement no longer names.
    assert not DataFlow.objects.filter(agreement=agreement).exists()
