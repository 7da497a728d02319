"""A failing consent effect is retried with back-off, never starves the events behind it, and is
given up into a dead letter the privacy officer can retry (issue 10, point 4)."""

from typing import Any

import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from schoolprivacy.consents.models import ConsentEvent, EventKind
from schoolprivacy.consents.outbox import (
    MAX_ATTEMPTS,
    backoff,
    event_add,
    events_retry,
    handle_pending,
    send_after_commit,
)
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def _events(consent: Consent, count: int) -> list[ConsentEvent]:
    pupil = consent.world.pupil_a
    return [
        event_add(kind=EventKind.WITHDRAWN, pupil=pupil, purpose=consent.website)
        for _ in range(count)
    ]


def test_a_failing_event_does_not_starve_the_ones_behind_it(consent: Consent) -> None:
    broken, *others = _events(consent, 4)
    seen: list[int] = []

    def handler(event: ConsentEvent) -> None:
        if event.pk == broken.pk:
            raise ValueError("always fails")
        seen.append(event.pk)

    # Even with room for only one event per run, the broken one steps aside after failing.
    for _ in range(4):
        handle_pending(handler=handler, limit=1)
    assert seen == [e.pk for e in others]


def test_the_back_off_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30).total_seconds() == 6 * 3600


def test_after_the_last_attempt_the_event_is_given_up_until_retried(consent: Consent) -> None:
    (event,) = _events(consent, 1)

    def crash(event: ConsentEvent) -> None:
        raise RuntimeError

    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with time_machine.travel(now, tick=False):
            assert handle_pending(handler=crash) == 0
        event.refresh_from_db()
        assert event.attempts == attempt
        now += backoff(attempt)
    assert event.failed_at is not None and event.next_attempt_at is None
    with time_machine.travel(now + backoff(MAX_ATTEMPTS) * 10, tick=False):
        assert handle_pending(handler=lambda e: None) == 0  # parked: not tried again by itself

    assert events_retry(board_id=event.board_id) == 1
    assert handle_pending(handler=lambda e: None) == 1
    event.refresh_from_db()
    assert event.handled_at is not None and event.failed_at is None


def test_a_real_withdrawal_effect_that_fails_is_retried_with_its_error_name(
    consent: Consent,
) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "withdrawn")

    def crash(event: ConsentEvent) -> None:
        raise KeyError("Sanne Jansen")  # a message with a name: never stored

    handle_pending(handler=crash)
    event = ConsentEvent.objects.get()
    assert event.last_error == "KeyError"
    assert event.next_attempt_at is not None and event.next_attempt_at > timezone.now()


def test_email_of_an_effect_goes_only_after_commit(
    consent: Consent, django_capture_on_commit_callbacks: Any
) -> None:
    message = EmailMessage(subject="s", body="b", to=["x@example.nl"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_after_commit(message)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(message)
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
