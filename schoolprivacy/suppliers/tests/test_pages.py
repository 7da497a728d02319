"""The register's pages: keepers manage, the administration exports, everyone else gets 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.conftest import World
from schoolprivacy.suppliers.models import Agreement, DataFlow, Export
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = pytest.mark.django_db


def _with_sudo(client):
    from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY

    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


def test_the_privacy_officer_registers_a_supplier_and_an_agreement(
    world: World, staff_client
) -> None:
    client = staff_client(world.privacy_officer)
    response = client.post(
        reverse("suppliers:supplier_new"),
        {"name": "Uitgever", "kind": "learning_material", "covenant_signed": "on"},
    )
    assert response.status_code == 302
    from schoolprivacy.suppliers.models import Supplier

    uitgever = Supplier.objects.get(name="Uitgever")
    today = timezone.localdate()
    response = client.post(
        reverse("suppliers:agreement_new"),
        {
            "supplier": uitgever.pk,
            "product": "Taal Actief",
            "schools": [world.school_a.pk],
            "data_set": ["pseudonym", "first_name", "date_of_birth"],
            "signed_on": (today - timedelta(days=1)).isoformat(),
            "ends_on": (today + timedelta(days=700)).isoformat(),
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.approvals.get().field_key == "date_of_birth"
    page = client.get(reverse("suppliers:agreement", args=[agreement.pk]))
    assert page.status_code == 200
    assert "Taal Actief" in page.content.decode()
    response = client.post(
        reverse("suppliers:flow_add", args=[agreement.pk]),
        {"source": "parnassys", "route": "basispoort", "data_set": ["pseudonym", "first_name"]},
    )
    assert DataFlow.objects.get().route == "basispoort"


def test_the_form_never_offers_the_education_number(world: World, staff_client) -> None:
    page = staff_client(world.privacy_officer).get(reverse("suppliers:agreement_new"))
    html = page.content.decode()
    assert 'value="pseudonym"' in html
    for key in ("education_number", "gender", "religion"):
        assert f'value="{key}"' not in html


@pytest.mark.parametrize(
    "persona", ["teacher", "director", "care_coordinator", "other_board_staff"]
)
def test_others_get_404(world: World, staff_client, persona: str) -> None:
    agreement = make_agreement(world)
    client = _with_sudo(staff_client(getattr(world, persona)))
    for name, args in (
        ("suppliers:agreement", [agreement.pk]),
        ("suppliers:export_new", [agreement.pk]),
        ("suppliers:agreement_new", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    if persona != "other_board_staff":  # the other board's administration has its own register
        assert client.get(reverse("suppliers:index")).status_code == 404


def test_the_administration_downloads_an_export(world: World, staff_client) -> None:
    agreement = make_agreement(world)
    client = staff_client(world.administration)
    assert client.get(reverse("suppliers:agreement", args=[agreement.pk])).status_code == 200
    # The file holds pupil data: first re-authenticate.
    page = client.get(reverse("suppliers:export_new", args=[agreement.pk]))
    assert page["Location"].startswith(reverse("accounts:sudo"))
    client = _with_sudo(client)
    # Keepers' actions are not the administration's.
    response = client.post(
        reverse("suppliers:end_request", args=[agreement.pk]), {"action": "destroy"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("suppliers:export_new", args=[agreement.pk]),
        {"school": world.school_a.pk, "format": "uwlr_json"},
    )
    assert response.status_code == 200
    assert b'"pupils"' in b"".join(response.streaming_content)
    assert Export.objects.get().made_by == world.administration


def test_the_privacy_officer_cannot_export(world: World, staff_client) -> None:
    agreement = make_agreement(world)
    response = _with_sudo(staff_client(world.privacy_officer)).post(
        reverse("suppliers:export_new", args=[agreement.pk]),
        {"school": world.school_a.pk, "format": "uwlr_csv"},
    )
    assert response.status_code == 404


def test_documents_are_stored_privately_and_only_pdfs(world: World, staff_client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = make_agreement(world)
    client = staff_client(world.privacy_officer)
    url = reverse("suppliers:document_upload", args=[agreement.pk])
    client.post(url, {"kind": "agreement_document", "file": SimpleUploadedFile("a.txt", b"hello")})
    agreement.refresh_from_db()
    assert agreement.agreement_document == ""
    pdf = SimpleUploadedFile("v.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {"kind": "agreement_document", "file": pdf})
    agreement.refresh_from_db()
    assert agreement.agreement_document.startswith(f"agreements/{world.board.pk}/")
    download = client.get(reverse("suppliers:document", args=[agreement.pk, "agreement_document"]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    outsider = staff_client(world.administration)
    assert (
        outsider.get(
            reverse("suppliers:document", args=[agreement.pk, "agreement_document"])
        ).status_code
        == 404
    )
