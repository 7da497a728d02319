"""GDPR art. 19: after a correction or erasure every organisation that received the data is told
(by email where an address is known, by the privacy officer otherwise), each with its date; the
requester sees whom the school told and when, never "told" before it was, and never a recipient
kept from them under the meldcode."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.accounts.models import User
from schoolprivacy.attention import collect
from schoolprivacy.conftest import World
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Pupil
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.requests.corrections import correction_accept, correction_propose
from schoolprivacy.requests.models import Kind, RecipientNotice
from schoolprivacy.requests.notices import notices_send_queued
from schoolprivacy.requests.services import request_submit
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run
from schoolprivacy.retention.tests.conftest import leave
from schoolprivacy.suppliers.models import Agreement, Export, ExportRow
from schoolprivacy.suppliers.tests.helpers import make_agreement, make_supplier

State = RecipientNotice.State


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path  # the erasure log goes to a temporary folder


def _exported(world: World, pupil: Pupil, supplier_name: str, contact: str) -> Agreement:
    agreement = make_agreement(world, supplier=make_supplier(world, supplier_name))
    agreement.breach_contact = contact
    agreement.save(update_fields=["breach_contact"])
    export = Export.objects.create(
        board=world.board,
        agreement=agreement,
        school=world.school_a,
        made_by=world.privacy_officer,
        format="uwlr_csv",
        agreement_version=1,
        fields=["pseudonym", "group"],  # identity and enrolment
        checksum="0" * 64,
    )
    ExportRow.objects.create(export=export, pupil=pupil, digest="d" * 32)
    return agreement


def _disclosed(world: World, pupil: Pupil, name: str, keys: list[str], shown: bool = True) -> None:
    Disclosure.objects.create(
        board=world.board,
        school=pupil.school,
        pupil=pupil,
        recipient="duo",
        recipient_name=name,
        basis="legal_obligation",
        article="register_onderwijsdeelnemers",
        categories=keys,
        shown_to_parents=shown,
        disclosed_at=timezone.now(),
        recorded_by=world.privacy_officer,
    )


def _record(pupil: Pupil, key: str) -> Record:
    return Record.objects.create(
        board=pupil.board,
        school=pupil.school,
        pupil=pupil,
        category_key=key,
        title="Groep",
        body="Groep 5a",
        recorded_at=timezone.now() - timedelta(days=800),
    )


def test_a_correction_tells_every_recipient_and_the_requester_sees_whom_and_when(
    world: World,
    parent_client: Callable[[User], Client],
    staff_client: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    pupil = world.pupil_a
    record = _record(pupil, "pupil.enrolment")
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    _exported(world, pupil, "Uitgever Telefoon", "bel de helpdesk")  # no address
    _disclosed(world, pupil, "Gemeente Utrecht", ["pupil.enrolment"])
    _disclosed(world, pupil, "Veilig Thuis Utrecht", ["pupil.enrolment"], shown=False)
    _disclosed(world, pupil, "Samenwerkingsverband", ["pupil.absence"])  # not this data
    proposal = correction_propose(
        actor=world.parent,
        pupil=pupil,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed="Groep 5b",
    )
    with django_capture_on_commit_callbacks(execute=True):
        correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)

    notices = {n.recipient_name: n for n in RecipientNotice.objects.all()}
    assert set(notices) == {
        "Uitgever Mail",
        "Uitgever Telefoon",
        "Gemeente Utrecht",
        "Veilig Thuis Utrecht",
    }
    assert notices["Uitgever Mail"].state == State.SENT
    assert notices["Uitgever Mail"].told_at is not None
    for name in ("Uitgever Telefoon", "Gemeente Utrecht", "Veilig Thuis Utrecht"):
        assert (notices[name].state, notices[name].told_at) == (State.BY_HAND, None)
    [message] = mail.outbox
    assert message.to == ["privacy@uitgever.example"]
    assert pupil.name in message.body and "19" in message.subject
    assert "Groep 5b" not in message.body  # kinds of data, never the values

    page = parent_client(world.parent).get(reverse("portal:rights"))
    with translation.override("nl"):
        text = page.content.decode()
    assert "Uitgever Mail" in text and "Uitgever Telefoon" in text
    assert 'data-notice="sent"' in text and 'data-notice="by_hand"' in text
    assert text.count('data-notice="sent"') == 1  # only the one that was mailed
    assert "Veilig Thuis" not in text  # the meldcode: told, never named to the parents

    officer = staff_client(world.privacy_officer)
    titles = [i.title for i in collect(world.privacy_officer) if i.kind == "request_notice"]
    assert len(titles) == 3
    detail = officer.get(reverse("requests:staff_detail", args=[proposal.request_id]))
    shown = detail.content.decode()
    assert "Veilig Thuis Utrecht" in shown and "privacy@uitgever.example" in shown
    assert shown.count('name="notice"') == 3  # a button for each one still to tell by hand
    url = reverse("requests:staff_told", args=[proposal.request_id])
    officer.post(url, {"notice": notices["Gemeente Utrecht"].pk})
    told = RecipientNotice.objects.get(pk=notices["Gemeente Utrecht"].pk)
    assert (
        told.state == State.TOLD_BY_HAND and told.told_at and told.told_by == world.privacy_officer
    )
    assert len([i for i in collect(world.privacy_officer) if i.kind == "request_notice"]) == 2
    # Nobody else records it: another board's officer or the administration gets nowhere.
    staff_client(world.administration).post(url, {"notice": notices["Uitgever Telefoon"].pk})
    assert RecipientNotice.objects.get(pk=notices["Uitgever Telefoon"].pk).state == State.BY_HAND


def test_a_mail_that_did_not_go_out_is_never_shown_as_sent(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    pupil = world.pupil_a
    record = _record(pupil, "pupil.enrolment")
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    proposal = correction_propose(
        actor=world.parent,
        pupil=pupil,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed="Groep 5b",
    )
    with monkeypatch.context() as down:
        down.setattr(EmailMessage, "send", _smtp_down)
        with django_capture_on_commit_callbacks(execute=True):
            correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)
    notice = RecipientNotice.objects.get()
    assert (notice.state, notice.told_at) == (State.QUEUED, None)
    assert mail.outbox == []
    assert notices_send_queued() == 1  # the daily task tries again
    notice.refresh_from_db()
    assert notice.state == State.SENT and notice.told_at is not None
    assert len(mail.outbox) == 1


def _smtp_down(self: EmailMessage, fail_silently: bool = False) -> int:
    raise ConnectionRefusedError("the mail server is down")


def test_an_erasure_tells_the_recipients_it_found_before_erasing(world: World) -> None:
    register_install_defaults(board=world.board, actor_id=None)
    pupil = leave(world.pupil_a, date.today() - timedelta(days=800))
    _record(pupil, "pupil.observations")
    _disclosed(world, pupil, "Orthopedagoog", ["pupil.observations"])
    request = request_submit(actor=world.parent, pupil=pupil, kind=Kind.ERASURE)
    erasure = erasure_dry_run(
        actor=world.privacy_officer, subject=DataSubject.of(pupil), request_id=request.pk
    )
    assert not RecipientNotice.objects.exists()  # a dry run tells nobody
    done = erasure_confirm(
        actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
    )
    assert done.status == "done"
    [notice] = RecipientNotice.objects.all()
    assert (notice.recipient_name, notice.cause, notice.request_id, notice.erasure_id) == (
        "Orthopedagoog",
        "erasure",
        request.pk,
        erasure.pk,
    )
    assert notice.categories == ["pupil.observations"] and notice.state == State.BY_HAND


def test_an_erasure_refused_because_data_changed_tells_nobody(world: World) -> None:
    register_install_defaults(board=world.board, actor_id=None)
    pupil = leave(world.pupil_a, date.today() - timedelta(days=800))
    _record(pupil, "pupil.observations")
    _disclosed(world, pupil, "Orthopedagoog", ["pupil.observations"])
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    _record(pupil, "pupil.observations")  # changed since the dry run
    refused = erasure_confirm(
        actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
    )
    assert refused.status == "refused"
    assert not RecipientNotice.objects.exists()
