"""GDPR art. 19 after the nightly purge, as a digest (decision 0057, amended): a recipient gets
one mail per purge run listing every child whose data it received and the purge erased, however
many batches the run took; the notices are still recorded one per pupil and recipient, each
marked sent only once the mail went out (at least once, decision 0046's amendment)."""

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from schoolprivacy.conftest import World
from schoolprivacy.requests.models import RecipientNotice
from schoolprivacy.requests.tests.test_recipient_notices import _exported, _record
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.tests.conftest import leave, previewed
from schoolprivacy.retention.tests.conftest import register as register  # the fixture
from schoolprivacy.suppliers.models import Export, ExportRow
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

State = RecipientNotice.State
DAY = date(2028, 1, 1)
ADDRESS = "privacy@uitgever.example"
OTHER = "avg@toetsbureau.example"


@pytest.fixture(autouse=True)
def private_var(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def _leavers(world: World) -> list[str]:
    third = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Bakker")
    pupils = [leave(p, date(2022, 7, 10)) for p in (world.pupil_a, world.pupil_b, third)]
    for pupil in pupils:
        _record(pupil, "pupil.enrolment")
    export = Export.objects.get(agreement=_exported(world, pupils[0], "Uitgever Mail", ADDRESS))
    for pupil in pupils[1:]:
        ExportRow.objects.create(export=export, pupil=pupil, digest="e" * 32)
    _exported(world, pupils[2], "Toetsbureau", OTHER)
    return [p.name for p in pupils]


def test_a_recipient_gets_one_mail_per_purge_run_listing_every_child(
    world: World, register: Any, django_capture_on_commit_callbacks: Any
) -> None:
    names = _leavers(world)
    previewed(world.board, DAY)
    with django_capture_on_commit_callbacks(execute=True):
        run = purge_run(board=world.board, day=DAY, batch_size=1)  # a batch per pupil
    assert run.status == "done"

    by_address = {tuple(m.to): m for m in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == {(ADDRESS,), (OTHER,)}
    digest = by_address[(ADDRESS,)].body
    assert all(name in digest for name in names)
    assert names[2] in by_address[(OTHER,)].body
    assert names[0] not in by_address[(OTHER,)].body
    notices = RecipientNotice.objects.filter(recipient_name="Uitgever Mail")
    assert notices.count() == 3  # still one per pupil
    assert all(n.state == State.SENT and n.told_at is not None for n in notices)
    assert all(str(n.pk) in digest for n in notices)  # each notice's reference


def test_a_digest_the_mail_server_refused_is_never_marked_sent(
    world: World,
    register: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _leavers(world)
    previewed(world.board, DAY)

    def refused(self: EmailMessage, *args: Any, **kwargs: Any) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMessage, "send", refused)
    with django_capture_on_commit_callbacks(execute=True):
        purge_run(board=world.board, day=DAY, batch_size=2)
    assert RecipientNotice.objects.count() == 4
    assert not RecipientNotice.objects.exclude(state=State.QUEUED).exists()
