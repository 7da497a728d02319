"""An agreement's data set is amended: a new version, the previous one kept, exports explainable;
and a sub-processor is registered with the processor it works for."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.schools.models import Board
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.models import Agreement, DataFlow, Export, Supplier
from schoolprivacy.suppliers.services import (
    agreement_change_data_set,
    data_flow_add,
    effective_fields,
)
from schoolprivacy.suppliers.tests.helpers import NARROW, make_agreement

pytestmark = pytest.mark.django_db


def test_an_amendment_is_a_new_version_and_the_old_one_stays(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name", "group"])
    data_flow_add(
        agreement=agreement,
        actor=world.privacy_officer,
        source="parnassys",
        route="basispoort",
        fields=["pseudonym", "group"],
    )
    first = export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    ).export
    # The functional administrator amends it: the extra field waits for the privacy officer.
    changed = agreement_change_data_set(
        agreement=agreement,
        actor=world.privacy_officer,
        fields=["pseudonym", "first_name", "surname", "date_of_birth"],
        reason="Addendum 2 of 1 March",
    )
    assert changed.version == first.agreement_version + 1
    assert effective_fields(changed) == ("pseudonym", "first_name", "surname")
    second = export_make(
        agreement=changed, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    ).export
    assert second.agreement_version == changed.version
    assert "surname" in second.fields and "group" not in second.fields
    versions = {v.number: v for v in changed.versions.all()}
    # Every export's version is kept, with what it was allowed to contain.
    assert versions[first.agreement_version].exported_fields == first.fields
    assert versions[second.agreement_version].exported_fields == second.fields
    assert versions[changed.version].reason == "Addendum 2 of 1 March"
    # The flow no longer carries the removed group.
    assert DataFlow.objects.get().fields == ["pseudonym"]
    event = AuditEvent.objects.filter(action="suppliers.data_set.changed").get()
    assert sorted(event.fields) == ["date_of_birth", "group", "surname"]
    assert "Addendum" not in str(event.context)


def test_a_removed_extra_field_needs_a_new_approval(world: World) -> None:
    agreement = make_agreement(world, fields=[*NARROW, "email"])
    assert "email" in effective_fields(agreement)
    for fields in (NARROW, [*NARROW, "email"]):
        agreement = agreement_change_data_set(
            agreement=agreement, actor=world.privacy_officer, fields=fields, reason="amended"
        )
    assert "email" not in effective_fields(agreement)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (["pseudonym", "gender"], "x"),
        (["pseudonym", "education_number"], "x"),
        (NARROW, "x"),
        (["pseudonym"], " "),
    ],
)
def test_what_may_not_change_is_refused(world: World, fields: list[str], reason: str) -> None:
    agreement = make_agreement(world)
    with pytest.raises((datasets.DataSetError, ValidationError)):
        agreement_change_data_set(
            agreement=agreement, actor=world.privacy_officer, fields=fields, reason=reason
        )
    agreement.refresh_from_db()
    assert agreement.fields == NARROW and agreement.version == 1


def test_the_page_changes_the_set_for_keepers_only(world: World, staff_client) -> None:
    agreement = make_agreement(world)
    url = reverse("suppliers:data_set", args=[agreement.pk])
    data = {"data_set": ["pseudonym", "date_of_birth"], "reason": "addendum"}
    for persona in ("administration", "teacher", "director", "other_board_staff"):
        assert staff_client(getattr(world, persona)).post(url, data).status_code == 404
    client = staff_client(world.privacy_officer)
    assert client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    # The privacy officer's own amendment approves the extra field, dated.
    assert effective_fields(agreement) == ("pseudonym", "date_of_birth")
    assert agreement.approvals.get().reason == "addendum"
    page = client.get(reverse("suppliers:agreement", args=[agreement.pk])).content.decode()
    assert "addendum" in page and 'action="' + url + '"' in page
    assert not Export.objects.exists()


def test_a_sub_processor_is_registered_with_whom_it_works_for(world: World, staff_client) -> None:
    processor = Supplier.objects.create(board=world.board, name="Uitgever")
    client = staff_client(world.privacy_officer)
    form = client.get(reverse("suppliers:supplier_new")).content.decode()
    assert f'value="{processor.pk}"' in form
    response = client.post(
        reverse("suppliers:supplier_new"),
        {"name": "Hosting BV", "kind": "other", "processor": processor.pk},
    )
    assert response.status_code == 302
    hosting = Supplier.objects.get(name="Hosting BV")
    assert hosting.role == Supplier.Role.SUB_PROCESSOR and hosting.processor == processor
    assert "Uitgever" in client.get(reverse("suppliers:index")).content.decode()
    # Another board's processor, or a sub-processor, is no choice.
    other = Supplier.objects.create(board=Board.objects.get(name="Stichting Elders"), name="Elders")
    for choice in (other.pk, hosting.pk):
        client.post(
            reverse("suppliers:supplier_new"), {"name": "Z", "kind": "other", "processor": choice}
        )
        assert not Supplier.objects.filter(name="Z").exists()


def test_an_export_with_a_stale_agreement_uses_the_amended_set(world: World) -> None:
    stale = make_agreement(world, fields=["pseudonym", "first_name", "surname"])
    agreement_change_data_set(
        agreement=Agreement.objects.get(pk=stale.pk),
        actor=world.privacy_officer,
        fields=["pseudonym"],
        reason="names no longer needed",
    )
    made = export_make(
        agreement=stale, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )
    assert made.export.fields == ["pseudonym"]
    assert made.file.read().decode().splitlines()[0] == "pseudonym"
    assert made.export.agreement_version == stale.versions.get(fields=["pseudonym"]).number
