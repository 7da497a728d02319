"""GDPR art. 19 after the nightly purge (decision 0057): erasing data whose retention period
ended is an erasure under art. 17(1)(a), so every organisation that received it is told, as
after an erasure on request: by email where an address is known, otherwise by the privacy officer,
who sees it on the workspace and records it. A preview (dry run) tells nobody."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from schoolprivacy.accounts.models import User
from schoolprivacy.attention import collect
from schoolprivacy.conftest import World
from schoolprivacy.requests.models import RecipientNotice
from schoolprivacy.requests.tests.test_recipient_notices import _exported, _record
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.models import LegalHold
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import leave, previewed
from schoolprivacy.retention.tests.conftest import register as register  # the fixture

pytestmark = pytest.mark.django_db

State = RecipientNotice.State
DAY = date(2028, 1, 1)  # every rule has ended for a pupil who left in 2022
OUTSIDERS = ("director", "administration", "teacher", "care_coordinator", "other_board_staff")


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def test_the_purge_tells_every_recipient_of_what_it_erased(
    world: World,
    register: Any,
    staff_client: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    pupil = leave(world.pupil_a, date(2022, 7, 10))
    name = pupil.name
    _record(pupil, "pupil.enrolment")
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    _exported(world, pupil, "Uitgever Telefoon", "bel de helpdesk")  # no address
    preview(world.board, day=DAY)
    assert not RecipientNotice.objects.exists()  # a dry run tells nobody
    previewed(world.board, DAY)
    with django_capture_on_commit_callbacks(execute=True):
        run = purge_run(board=world.board, day=DAY)
    assert run.status == "done"

    notices = {n.recipient_name: n for n in RecipientNotice.objects.all()}
    assert set(notices) == {"Uitgever Mail", "Uitgever Telefoon"}
    assert all(n.cause == RecipientNotice.Cause.ERASURE for n in notices.values())
    assert notices["Uitgever Mail"].state == State.SENT
    assert notices["Uitgever Telefoon"].state == State.BY_HAND
    [message] = mail.outbox
    assert message.to == ["privacy@uitgever.example"]
    assert name in message.body and "19" in message.subject  # named as before the erasure

    [item] = [i for i in collect(world.privacy_officer) if i.kind == "purge_notice"]
    assert "Uitgever Telefoon" in item.title
    officer = staff_client(world.privacy_officer)
    with translation.override("en"):
        page = officer.get(item.url).content.decode()
    assert "Uitgever Telefoon" in page and "Uitgever Mail" not in page
    for persona in OUTSIDERS:
        user = getattr(world, persona)
        assert not [i for i in collect(user) if i.kind == "purge_notice"], persona
        assert staff_client(user).get(item.url).status_code == 404, persona
        posted = staff_client(user).post(item.url, {"notice": notices["Uitgever Telefoon"].pk})
        assert posted.status_code == 404, persona
    assert RecipientNotice.objects.get(recipient_name="Uitgever Telefoon").state == State.BY_HAND

    officer.post(item.url, {"notice": notices["Uitgever Telefoon"].pk})
    told = RecipientNotice.objects.get(recipient_name="Uitgever Telefoon")
    assert told.state == State.TOLD_BY_HAND and told.told_at is not None
    assert told.told_by == world.privacy_officer
    assert not [i for i in collect(world.privacy_officer) if i.kind == "purge_notice"]


def test_a_pupil_under_a_legal_hold_is_not_erased_so_nobody_is_told(
    world: World, register: Any
) -> None:
    pupil = leave(world.pupil_a, date(2022, 7, 10))
    _exported(world, pupil, "Uitgever Mail", "privacy@uitgever.example")
    LegalHold.objects.create(board=world.board, pupil=pupil, reason="complaint")
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert not RecipientNotice.objects.exists()
