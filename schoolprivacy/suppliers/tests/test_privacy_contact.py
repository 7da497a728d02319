"""A supplier's privacy contact (decision 0058): art. 19 notices go to it when it is set, to the
agreement's contact for data breaches otherwise, and every page says which of the two it is. The
register's keepers change it on the supplier's page; a wrong address is refused with the form
kept as typed; anyone else gets 404, as for the rest of the register."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record
from schoolprivacy.requests.corrections import correction_accept, correction_propose
from schoolprivacy.suppliers.contacts import INVALID_EMAIL
from schoolprivacy.suppliers.models import Agreement, Export, ExportRow, Supplier
from schoolprivacy.suppliers.tests.helpers import api, make_agreement, make_supplier
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db
StaffClient = Callable[[User], Client]
BREACH_DESK = "security@uitgever.example"


def _exported_to(world: World, supplier: Supplier) -> Agreement:
    """The pupil's data went to `supplier` in an export under an agreement whose breach contact
    is an email address."""
    agreement = make_agreement(world, supplier=supplier)
    agreement.breach_contact = BREACH_DESK
    agreement.save(update_fields=["breach_contact"])
    export = Export.objects.create(
        board=world.board,
        agreement=agreement,
        school=world.school_a,
        made_by=world.privacy_officer,
        format="uwlr_csv",
        agreement_version=1,
        fields=["pseudonym", "group"],
        checksum="0" * 64,
    )
    ExportRow.objects.create(export=export, pupil=world.pupil_a, digest="d" * 32)
    return agreement


def _correct_the_pupils_group(world: World, capture: Any) -> list[list[str]]:
    record = Record.objects.create(
        board=world.board,
        school=world.school_a,
        pupil=world.pupil_a,
        category_key="pupil.enrolment",
        title="Groep",
        body="Groep 5a",
        recorded_at=timezone.now() - timedelta(days=10),
    )
    proposal = correction_propose(
        actor=world.parent,
        pupil=world.pupil_a,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed="Groep 5b",
    )
    with capture(execute=True):
        correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)
    return [message.to for message in mail.outbox if "19" in message.subject]


def test_the_notice_goes_to_the_privacy_contact_when_there_is_one(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    supplier = make_supplier(world, "Uitgever")
    supplier.privacy_contact_name = "Functionaris gegevensbescherming"
    supplier.privacy_contact_email = "privacy@uitgever.example"
    supplier.save()
    _exported_to(world, supplier)
    sent = _correct_the_pupils_group(world, django_capture_on_commit_callbacks)
    assert sent == [["privacy@uitgever.example"]]


def test_without_a_privacy_contact_the_notice_goes_to_the_breach_contact(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _exported_to(world, make_supplier(world, "Uitgever"))
    sent = _correct_the_pupils_group(world, django_capture_on_commit_callbacks)
    assert sent == [[BREACH_DESK]]


def test_the_pages_show_the_breach_contact_as_the_fallback_until_a_contact_is_saved(
    world: World, staff_client: StaffClient
) -> None:
    supplier = make_supplier(world, "Uitgever")
    agreement = _exported_to(world, supplier)
    officer = staff_client(world.privacy_officer)
    page = reverse("suppliers:supplier", args=[supplier.pk])
    with translation.override("en"):
        for url in (page, reverse("suppliers:agreement", args=[agreement.pk])):
            html = officer.get(url, headers={"Accept-Language": "en"}).content.decode()
            assert 'data-privacy-contact="fallback"' in html and BREACH_DESK in html
            assert "fallback: the contact for data breaches" in html

    response = officer.post(
        page,
        {"privacy_contact_name": "Privacyloket", "privacy_contact_email": "privacy@uitgever.nl"},
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert (supplier.privacy_contact_name, supplier.privacy_contact_email) == (
        "Privacyloket",
        "privacy@uitgever.nl",
    )
    html = officer.get(reverse("suppliers:index")).content.decode()
    assert 'data-privacy-contact="own"' in html and "privacy@uitgever.nl" in html
    assert 'data-privacy-contact="fallback"' not in html
    event = AuditEvent.objects.get(action="suppliers.supplier.privacy_contact_changed")
    assert set(event.fields) == {"privacy_contact_name", "privacy_contact_email"}
    assert "privacy@uitgever.nl" not in str(event.context)  # names of fields, never values


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_wrong_address_is_refused_clearly_and_nothing_typed_is_lost(
    world: World, staff_client: StaffClient, language: str
) -> None:
    # The Dutch text itself comes from the catalogue (/tmp/po/supplier.po until merged).
    with translation.override(language):
        message = escape(str(INVALID_EMAIL))
    if language == "en":
        assert (
            message == "Enter the privacy contact&#x27;s email address, like privacy@supplier.nl."
        )
    supplier = make_supplier(world, "Uitgever")
    supplier.privacy_contact_email = "oud@uitgever.nl"
    supplier.save()
    response = staff_client(world.privacy_officer).post(
        reverse("suppliers:supplier", args=[supplier.pk]),
        {"privacy_contact_name": "Mevrouw De Boer", "privacy_contact_email": "deboer@uitgever"},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Mevrouw De Boer"' in html and 'value="deboer@uitgever"' in html
    supplier.refresh_from_db()
    assert (supplier.privacy_contact_name, supplier.privacy_contact_email) == (
        "",
        "oud@uitgever.nl",
    )
    assert not AuditEvent.objects.filter(action="suppliers.supplier.privacy_contact_changed")


def test_the_functional_administrator_may_change_it_and_nobody_else(
    world: World, staff_client: StaffClient
) -> None:
    supplier = make_supplier(world, "Uitgever")
    url = reverse("suppliers:supplier", args=[supplier.pk])
    data = {"privacy_contact_name": "X", "privacy_contact_email": "x@example.nl"}
    other_board = factories.make_board(name="Stichting Verder")
    other_officer = factories.make_staff(board=other_board, username="fg.verder")
    factories.assign(other_officer, Role.PRIVACY_OFFICER)
    # The administration reads the agreements of its school but keeps no register.
    for user in (world.administration, world.director, world.teacher, other_officer.user):
        client = staff_client(user)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    supplier.refresh_from_db()
    assert supplier.privacy_contact_email == ""

    admin = factories.make_staff(board=world.board, username="beheer")
    factories.assign(admin, Role.FUNCTIONAL_ADMIN)
    assert staff_client(admin.user).post(url, data).status_code == 302
    supplier.refresh_from_db()
    assert supplier.privacy_contact_email == "x@example.nl"


def test_the_api_shows_and_takes_the_privacy_contact(world: World) -> None:
    client = api(world.privacy_officer)
    wrong = {"name": "Uitgever", "privacy_contact_email": "geen adres"}
    response = client.post("/api/v1/suppliers", wrong, "application/json")
    assert response.status_code == 422
    assert not Supplier.objects.exists()
    right = {"name": "Uitgever", "privacy_contact_email": "privacy@uitgever.nl"}
    assert client.post("/api/v1/suppliers", right, "application/json").status_code == 201
    [listed] = client.get("/api/v1/suppliers").json()
    assert listed["privacy_contact_email"] == "privacy@uitgever.nl"
    assert listed["privacy_contact_name"] == ""
    assert listed["covenant_signed"] is False  # the existing fields keep their names
