"""Attacks on the package link and the GDPR art. 19 notices (review of issue 14, decision 0046):
each test failed before its fix."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from schoolprivacy.conftest import World
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.requests import building
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.corrections import correction_accept, correction_propose
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.links import (
    package_link_create,
    package_link_find,
    package_link_redeem,
    package_ready,
)
from schoolprivacy.requests.models import Kind, RecipientNotice
from schoolprivacy.requests.notices import notices_send_queued
from schoolprivacy.requests.services import request_close, request_refuse, request_submit
from schoolprivacy.requests.tests.test_recipient_notices import _exported, _record
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run
from schoolprivacy.retention.tests.conftest import leave

State = RecipientNotice.State


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def test_a_parent_who_lost_authority_after_the_link_was_made_gets_nothing(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    signed = package_link_create(request=request, actor=world.privacy_officer)
    GuardianRelation.objects.filter(guardian__user=world.parent).update(
        information_restriction="court_order", restriction_reason="Uitspraak rechtbank"
    )
    with pytest.raises(RequestNotFound):
        package_link_redeem(signed)


def test_no_link_is_made_after_the_parent_lost_authority(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    GuardianRelation.objects.filter(guardian__user=world.parent).update(
        has_parental_authority=False
    )
    with pytest.raises(TransitionRefused) as refused:
        package_link_create(request=request, actor=world.privacy_officer)
    assert refused.value.code == "no_standing"


def test_a_package_that_failed_to_build_does_not_use_up_the_link(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package is built by the worker (decision 0056): a build that breaks leaves the link
    unused and the page says the download could not be made."""
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full while rendering")

    monkeypatch.setattr(building, "write_package", broken)
    signed = package_link_create(request=request, actor=world.privacy_officer)
    url = f"/verzoeken/download/{signed}/"
    with translation.override("en"):
        page = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "could not be made" in page.content.decode()
    assert package_link_find(signed).used_at is None  # still unused
    with pytest.raises(RequestNotFound):
        package_link_redeem(signed)  # nothing to download yet


def test_an_erasure_notice_names_the_child_it_is_about(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """The mail goes out after the erasure committed, when the child's name is blank already."""
    pupil = leave(world.pupil_a, date.today() - timedelta(days=800))
    name = pupil.name
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    assert any(
        line["category"] == "pupil.identity" and line["action"] == "erase" for line in erasure.plan
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = erasure_confirm(
            actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk
        )
    assert done.status == "done"
    [notice] = RecipientNotice.objects.all()
    assert notice.state == State.SENT
    [message] = mail.outbox
    assert name in message.body


def test_a_retried_notice_about_an_erased_child_is_left_to_the_officer(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mail that failed the first time cannot say whom it is about any more: never send a
    nameless notice and call it told; the privacy officer tells the recipient by hand."""
    pupil = leave(world.pupil_a, date.today() - timedelta(days=800))
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(pupil))
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send", lambda self, *a, **k: (_ for _ in ()).throw(OSError)
    )
    with django_capture_on_commit_callbacks(execute=True):
        erasure_confirm(actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk)
    assert RecipientNotice.objects.get().state == State.QUEUED
    monkeypatch.undo()
    notices_send_queued()
    assert mail.outbox == []
    assert RecipientNotice.objects.get().state == State.BY_HAND


def test_the_package_never_says_told_of_recipients_nobody_told(world: World) -> None:
    """After a correction the register's recipients of the category are a list for the officer
    to check, not organisations that were told: the requester's copy must not call them told
    (a school's register may list Veilig Thuis, which told would suggest a meldcode report)."""
    register_install_defaults(board=world.board, actor_id=None)
    pupil = world.pupil_a
    record = _record(pupil, "pupil.observations")
    proposal = correction_propose(
        actor=world.parent,
        pupil=pupil,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed="Groep 5b",
    )
    accepted = correction_accept(actor=world.privacy_officer, correction_id=proposal.pk)
    assert "Jeugdarts of GGD" in accepted.recipients_told  # what the officer sees to check
    assert not RecipientNotice.objects.exists()  # nobody received this child's data
    access = request_submit(actor=world.parent, pupil=pupil, kind=Kind.ACCESS)
    built = packages.build(access)
    for text in (packages.as_json(built).decode(), packages.as_csv(built).decode("utf-8-sig")):
        assert "recipients_told" not in text
    assert "Jeugdarts of GGD" not in json.dumps(
        [s.rows for s in built.sections if s.key.startswith("requests")], ensure_ascii=False
    )


def test_a_refused_request_gives_no_package_once_it_is_closed(world: World) -> None:
    """Closing follows an answer or a refusal; a refused inspection stays without a package."""
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind=Kind.ACCESS)
    signed = package_link_create(request=request, actor=world.privacy_officer)
    request_refuse(
        actor=world.privacy_officer, request_id=request.pk, reason="Schadelijk voor het kind"
    )
    request_close(actor=world.privacy_officer, request_id=request.pk)
    request.refresh_from_db()
    assert not package_ready(request)
    with pytest.raises(RequestNotFound):
        package_link_redeem(signed)
    with pytest.raises(TransitionRefused):
        package_link_create(request=request, actor=world.privacy_officer)
