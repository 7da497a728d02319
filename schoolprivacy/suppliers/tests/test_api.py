"""The supplier API as issue 15 item 8 names it: who may do what, 401, 404 and 422."""

import csv
import io

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.suppliers.models import Export
from schoolprivacy.suppliers.tests.helpers import api, make_agreement, make_supplier

pytestmark = pytest.mark.django_db


def test_it_needs_a_token(world: World) -> None:
    from django.test import Client

    for path in ("/api/v1/suppliers", "/api/v1/agreements", "/api/v1/exports"):
        assert Client().get(path).status_code == 401
    assert Client().post("/api/v1/suppliers", {"name": "X"}, "application/json").status_code == 401


def test_the_privacy_officer_registers_a_supplier_and_an_agreement(world: World) -> None:
    client = api(world.privacy_officer)
    response = client.post("/api/v1/suppliers", {"name": "Uitgever"}, "application/json")
    assert response.status_code == 201
    supplier_id = response.json()["id"]
    assert [s["name"] for s in client.get("/api/v1/suppliers").json()] == ["Uitgever"]
    response = client.post(
        "/api/v1/agreements",
        {
            "supplier": supplier_id,
            "product": "Taal Actief",
            "schools": [world.school_a.pk],
            "fields": ["pseudonym", "first_name", "surname", "group", "date_of_birth"],
            "signed_on": "2026-09-01",
            "ends_on": "2029-08-31",
        },
        "application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fields"] == ["pseudonym", "first_name", "surname", "group", "date_of_birth"]
    # The privacy officer's own agreement records the approval of the extra field, dated.
    assert body["exported_fields"] == body["fields"]
    assert body["status"] == "active"


def test_the_functional_administrators_extra_field_waits_for_approval(world: World) -> None:
    from schoolprivacy.access.models import Role
    from schoolprivacy.testing import factories

    admin = factories.make_staff(board=world.board, username="beheer")
    factories.assign(admin, Role.FUNCTIONAL_ADMIN)
    supplier = make_supplier(world)
    response = api(admin.user).post(
        "/api/v1/agreements",
        {
            "supplier": supplier.pk,
            "product": "Taal Actief",
            "schools": [world.school_a.pk],
            "fields": ["pseudonym", "email"],
            "ends_on": "2029-08-31",
        },
        "application/json",
    )
    assert response.status_code == 201
    assert response.json()["exported_fields"] == ["pseudonym"]
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize(
    "field", ["gender", "education_number", "bsn", "health", "religion", "ethnicity", "shoe_size"]
)
def test_a_field_that_may_never_be_offered_is_a_422(world: World, field: str) -> None:
    supplier = make_supplier(world)
    response = api(world.privacy_officer).post(
        "/api/v1/agreements",
        {
            "supplier": supplier.pk,
            "product": "Taal Actief",
            "schools": [world.school_a.pk],
            "fields": ["pseudonym", field],
            "ends_on": "2029-08-31",
        },
        "application/json",
    )
    assert response.status_code == 422
    assert field in response.json()["detail"][0]


def test_another_boards_administration_sees_nothing_of_this_board(world: World) -> None:
    agreement = make_agreement(world)
    client = api(world.other_board_staff)
    assert client.get("/api/v1/suppliers").json() == []
    assert client.get("/api/v1/agreements").json() == []
    assert client.get("/api/v1/exports").json() == []
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "uwlr", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator", "director"])
def test_others_get_404_on_the_register(world: World, persona: str) -> None:
    make_agreement(world)
    client = api(getattr(world, persona))
    assert client.get("/api/v1/suppliers").status_code == 404
    assert client.get("/api/v1/agreements").status_code == 404
    assert client.get("/api/v1/exports").status_code == 404
    response = client.post("/api/v1/suppliers", {"name": "Uitgever"}, "application/json")
    assert response.status_code == 404


def test_another_boards_supplier_or_school_is_a_404(world: World) -> None:
    from schoolprivacy.testing import factories

    other_board = factories.make_board(name="Elders")
    other_school = factories.make_school(board=other_board)
    supplier = make_supplier(world)
    client = api(world.privacy_officer)
    body = {
        "supplier": supplier.pk,
        "product": "X",
        "schools": [other_school.pk],
        "fields": ["pseudonym"],
        "ends_on": "2029-08-31",
    }
    assert client.post("/api/v1/agreements", body, "application/json").status_code == 404


def test_the_administration_exports_a_narrow_csv(world: World) -> None:
    agreement = make_agreement(world)
    client = api(world.administration)
    assert [a["id"] for a in client.get("/api/v1/agreements").json()] == [agreement.pk]
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "uwlr", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "pseudonym",
        "first_name",
        "surname_prefix",
        "surname",
        "year_group",
        "group",
    ]
    assert sorted(r["first_name"] for r in rows) == ["Daan", "Sanne"]
    export = Export.objects.get()
    assert export.pupil_count == 2
    assert response["X-Checksum-SHA256"] == export.checksum
    listed = client.get("/api/v1/exports").json()
    assert [e["id"] for e in listed] == [export.pk]


def test_exports_of_a_school_the_agreement_does_not_name_are_a_404(world: World) -> None:
    from schoolprivacy.access.models import Role
    from schoolprivacy.testing import factories

    agreement = make_agreement(world)  # names school A only
    admin_b = factories.make_staff(board=world.board, username="administratie.b")
    factories.assign(admin_b, Role.ADMINISTRATION, school=world.school_b)
    client = api(admin_b.user)
    assert client.get("/api/v1/agreements").json() == []
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "uwlr", "school": world.school_b.pk},
        "application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["privacy_officer", "teacher", "director", "other_board_staff"])
def test_only_the_administration_makes_exports(world: World, persona: str) -> None:
    agreement = make_agreement(world)
    response = api(getattr(world, persona)).post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "uwlr", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_an_unsigned_agreement_makes_no_export(world: World) -> None:
    agreement = make_agreement(world)
    agreement.signed_on = None
    agreement.save()
    response = api(world.administration).post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "oneroster", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 422
    assert not Export.objects.exists()
