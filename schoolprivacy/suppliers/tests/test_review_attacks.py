"""A reviewer's attacks on the processor register: out-of-scope personas, huge ids, odd data sets,
formula-like values (CSV injection) and documents that are no PDF."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.conftest import World
from schoolprivacy.suppliers.models import Export
from schoolprivacy.suppliers.tests.helpers import (
    NARROW,
    api,
    make_agreement,
    make_supplier,
    make_supplier_agreement_at,
)

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_huge_ids_are_a_404_not_an_error(world: World, staff_client) -> None:
    make_agreement(world)
    client = staff_client(world.privacy_officer)
    for name in ("suppliers:agreement", "suppliers:export_new"):
        url = reverse(name, args=[1]).replace("/1/", f"/{HUGE}/")
        assert client.get(url).status_code == 404, name
    response = api(world.administration).post(
        f"/api/v1/agreements/{HUGE}/exports", {"format": "uwlr", "school": 1}, "application/json"
    )
    assert response.status_code in (404, 422)


def test_the_parent_and_another_schools_administration_see_nothing(
    world: World, staff_client, parent_client
) -> None:
    at_b = make_supplier_agreement_at(world, world.school_b)
    for client in (staff_client(world.administration), parent_client(world.parent)):
        for name in ("suppliers:agreement", "suppliers:export_new", "suppliers:data_set"):
            assert client.get(reverse(name, args=[at_b.pk])).status_code in (404, 405), name
        url = reverse("suppliers:document", args=[at_b.pk, "agreement_document"])
        assert client.get(url).status_code == 404
    assert (
        api(world.administration)
        .post(
            f"/api/v1/agreements/{at_b.pk}/exports",
            {"format": "uwlr", "school": world.school_b.pk},
            "application/json",
        )
        .status_code
        == 404
    )


def test_an_ended_agreement_makes_no_export(world: World) -> None:
    today = timezone.localdate()
    agreement = make_agreement(
        world, signed_on=today - timedelta(days=400), ends_on=today - timedelta(days=1)
    )
    response = api(world.administration).post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "uwlr", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 422
    assert not Export.objects.exists()


def test_odd_data_sets_over_the_api(world: World) -> None:
    client = api(world.privacy_officer)
    supplier = make_supplier(world)
    body = {
        "supplier": supplier.pk,
        "product": "P",
        "schools": [world.school_a.pk],
        "ends_on": "2030-01-01",
    }
    for fields in (["Gender"], ["pseudonym", " education_number"], ["pgn"], []):
        response = client.post("/api/v1/agreements", {**body, "fields": fields}, "application/json")
        assert response.status_code == 422, fields
    response = client.post(
        "/api/v1/agreements",
        {**body, "fields": ["pseudonym", "pseudonym", "surname"]},
        "application/json",
    )
    assert response.status_code == 201
    assert response.json()["fields"] == ["pseudonym", "surname"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_like_name_never_reaches_a_supplier_file(world: World, start: str) -> None:
    world.pupil_a.first_name = f'{start}HYPERLINK("http://x.example","klik")'
    world.pupil_a.save()
    agreement = make_agreement(world, fields=NARROW)
    client = api(world.administration)
    for fmt in ("uwlr", "oneroster"):
        response = client.post(
            f"/api/v1/agreements/{agreement.pk}/exports",
            {"format": fmt, "school": world.school_a.pk},
            "application/json",
        )
        assert response.status_code == 422, fmt
        assert "HYPERLINK" not in response.content.decode()
    assert not Export.objects.exists()


def test_a_real_surname_prefix_with_an_apostrophe_still_exports(world: World) -> None:
    world.pupil_a.surname_prefix = "'t"
    world.pupil_a.save()
    agreement = make_agreement(world, fields=NARROW)
    response = api(world.administration).post(
        f"/api/v1/agreements/{agreement.pk}/exports",
        {"format": "oneroster", "school": world.school_a.pk},
        "application/json",
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        users = list(csv.DictReader(io.StringIO(archive.read("users.csv").decode())))
    assert any(u["familyName"].startswith("'t ") for u in users)


def test_a_document_that_is_no_pdf_is_refused_whatever_its_name(world: World, staff_client) -> None:
    agreement = make_agreement(world)
    client = staff_client(world.privacy_officer)
    url = reverse("suppliers:document_upload", args=[agreement.pk])
    for content in (b"<html><script>alert(1)</script>", b"MZ\x90\x00", b" %PDF-1.4"):
        fake = SimpleUploadedFile("contract.pdf", content, content_type="application/pdf")
        client.post(url, {"kind": "agreement_document", "file": fake})
        agreement.refresh_from_db()
        assert agreement.agreement_document == ""
    client.post(url, {"kind": "fields", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    agreement.refresh_from_db()
    assert agreement.fields == NARROW


def test_a_sub_processor_over_the_api_works_for_a_processor_of_the_board(world: World) -> None:
    from schoolprivacy.schools.models import Board
    from schoolprivacy.suppliers.models import Supplier

    client = api(world.privacy_officer)
    processor = make_supplier(world)
    response = client.post(
        "/api/v1/suppliers", {"name": "Hosting", "processor": processor.pk}, "application/json"
    )
    assert response.status_code == 201 and response.json()["processor_id"] == processor.pk
    hosting = response.json()["id"]
    # A sub-processor of a sub-processor, or another board's supplier, is refused.
    response = client.post(
        "/api/v1/suppliers", {"name": "Z", "processor": hosting}, "application/json"
    )
    assert response.status_code == 422
    elders = Supplier.objects.create(board=Board.objects.get(name="Stichting Elders"), name="E")
    response = client.post(
        "/api/v1/suppliers", {"name": "Z", "processor": elders.pk}, "application/json"
    )
    assert response.status_code == 404
