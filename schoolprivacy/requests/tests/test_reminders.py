"""Reminders go out at 7 and 2 days before the deadline and daily when overdue, once a day."""

from datetime import date, timedelta

from django.core import mail

from schoolprivacy.conftest import World
from schoolprivacy.requests.models import Request
from schoolprivacy.requests.reminders import needs_reminder, requests_remind
from schoolprivacy.requests.services import request_submit

DUE = date(2026, 3, 16)


def test_the_reminder_days() -> None:
    assert not needs_reminder(DUE, None, DUE - timedelta(days=8))
    assert needs_reminder(DUE, None, DUE - timedelta(days=7))
    assert not needs_reminder(DUE, DUE - timedelta(days=7), DUE - timedelta(days=5))
    assert needs_reminder(DUE, DUE - timedelta(days=7), DUE - timedelta(days=2))
    assert not needs_reminder(DUE, DUE - timedelta(days=2), DUE)
    assert needs_reminder(DUE, DUE - timedelta(days=2), DUE + timedelta(days=1))
    assert not needs_reminder(DUE, DUE + timedelta(days=1), DUE + timedelta(days=1))


def test_the_officer_is_reminded_once_a_day_without_the_childs_name(world: World) -> None:
    world.board.privacy_contact_email = "fg@example.nl"
    world.board.save()
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    today = request.due_on - timedelta(days=3)
    assert requests_remind(today=today) == 1
    assert requests_remind(today=today) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fg@example.nl"]
    assert world.pupil_a.surname not in mail.outbox[0].body
    assert Request.objects.get().reminded_on == today
