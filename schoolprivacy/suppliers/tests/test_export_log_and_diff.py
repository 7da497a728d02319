"""Every export is logged (who, agreement version, fields, pupils, checksum) and compared with
the previous export of the same agreement and school."""

import hashlib

import pytest

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.models import ExportRow
from schoolprivacy.suppliers.services import field_approve
from schoolprivacy.suppliers.tests.helpers import make_agreement
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _make(world: World, agreement):
    return export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )


def test_an_export_is_logged_without_personal_values(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name", "email"], approve=False)
    made = _make(world, agreement)
    data = made.file.read()
    export = made.export
    assert export.made_by == world.administration
    assert export.fields == ["pseudonym", "first_name"]  # email waits for approval
    assert export.pupil_count == 2
    assert export.checksum == hashlib.sha256(data).hexdigest()
    assert export.agreement_version == 1
    event = AuditEvent.objects.filter(action="suppliers.export.made").get()
    assert event.fields == ["first_name", "pseudonym"]
    assert event.context["checksum"] == export.checksum
    assert event.context["pupils"] == 2
    assert "Sanne" not in str(event.context)


def test_an_approval_raises_the_version_and_adds_the_field(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "email"], approve=False)
    field_approve(agreement=agreement, key="email", approver=world.privacy_officer, reason="login")
    export = _make(world, agreement).export
    assert export.fields == ["pseudonym", "email"]
    assert export.agreement_version == 2


def test_the_next_export_is_compared_with_the_previous_one(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name"])
    first = _make(world, agreement).export
    assert (first.added, first.removed, first.changed) == (2, 0, 0)
    world.pupil_a.first_name = "Sanna"
    world.pupil_a.save()
    factories.make_pupil(group=world.group_a, first_name="Nieuw")
    world.pupil_a2.left_on = world.pupil_a2.enrolled_on
    world.pupil_a2.save()
    second = _make(world, agreement).export
    assert (second.added, second.removed, second.changed) == (1, 1, 1)
    # Only the newest export's digests are kept.
    assert set(ExportRow.objects.values_list("export_id", flat=True)) == {second.pk}
