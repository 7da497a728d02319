"""Two keepers save a supplier's privacy contact at once, on PostgreSQL with two connections.

`supplier_update_privacy_contact` compares with the row to audit what changed, then writes. The
first save is stopped after its comparison, holding the row; the second must wait for it and
then compare with what the first saved, so each audit event names only what that keeper changed
and the last save wins whole. SQLite needs no such test: its write transactions never overlap.
"""

import pytest
from django.db import connection

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.conftest import World
from schoolprivacy.suppliers import contacts
from schoolprivacy.suppliers.models import Supplier
from schoolprivacy.suppliers.tests.helpers import make_supplier
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def test_a_second_save_waits_and_audits_only_what_it_changed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier = make_supplier(world, "Uitgever")
    compared = Pause()  # only the first save stops, after it compared
    monkeypatch.setattr(contacts, "audit_record", compared.before(audit_record))

    def save(name: str) -> None:
        contacts.supplier_update_privacy_contact(
            supplier=Supplier.objects.get(pk=supplier.pk),
            actor=world.privacy_officer,
            name=name,
            email="privacy@uitgever.nl",
        )

    race = interleave(
        lambda: save("Privacyloket"),
        compared,
        lambda: save("Functionaris gegevensbescherming"),
        second_waits=True,
        message="the second save did not wait for the first",
    )
    race.first.result()
    race.second.result()

    supplier.refresh_from_db()
    assert supplier.privacy_contact_name == "Functionaris gegevensbescherming"
    assert supplier.privacy_contact_email == "privacy@uitgever.nl"
    changes = [
        set(e.fields)
        for e in AuditEvent.objects.filter(
            action="suppliers.supplier.privacy_contact_changed"
        ).order_by("seq")
    ]
    assert changes == [
        {"privacy_contact_name", "privacy_contact_email"},
        {"privacy_contact_name"},  # the address was already the first keeper's
    ]
