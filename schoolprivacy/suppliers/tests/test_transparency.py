"""Parents see per child which suppliers receive which fields; the statement reads the register."""

import pytest
from django.urls import reverse

from schoolprivacy.conftest import World
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.privacy import export
from schoolprivacy.suppliers.statement import processors
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = pytest.mark.django_db


def test_a_parent_sees_the_supplier_and_its_fields(world: World, parent_client) -> None:
    make_agreement(world, fields=["pseudonym", "first_name", "group"])
    page = parent_client(world.parent).get(reverse("portal:child", args=[world.pupil_a.pk]))
    html = page.content.decode()
    assert "Leeruitgever" in html and "Rekenen Online" in html
    # The parent of a pupil at school B, which the agreement does not name, sees no supplier.
    page = parent_client(world.parent_b).get(reverse("portal:child", args=[world.pupil_b.pk]))
    assert "Leeruitgever" not in page.content.decode()


def test_the_statement_lists_running_agreements_with_their_data_sets(world: World) -> None:
    make_agreement(world, fields=["pseudonym", "first_name", "email"], approve=False)
    (processor,) = processors(world.board)
    assert processor.supplier == "Leeruitgever"
    assert processor.fields == ("pseudonym", "first_name")  # email is not approved
    assert processors(world.board, school=world.school_b) == []


def test_the_inspection_package_names_the_recipients(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "first_name"])
    export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )
    found = export(DataSubject.of(world.pupil_a))
    recipients = [r["fields"] for r in found["pupil.identity"] if "supplier" in r["fields"]]
    assert recipients[0]["supplier"] == "Leeruitgever"
    assert recipients[0]["exported_fields"] == ["pseudonym", "first_name"]


def test_the_public_statement_names_each_processor_with_its_data_set(world: World, client) -> None:
    make_agreement(world, fields=["pseudonym", "first_name", "group"])
    page = client.get(reverse("register:statement", args=[world.school_a.slug]))
    html = page.content.decode()
    assert "Leeruitgever (Rekenen Online)" in html
    (processor,) = processors(world.board)
    line = f"Leeruitgever (Rekenen Online): {', '.join(processor.field_labels)}"
    assert line in html
