"""A withdrawal takes effect at once and its effects are never lost (issue 4 §4).

The event is written in the transaction of the decision. The task that handles it is enqueued
only after commit; these tests run inside a test transaction, so that enqueue never runs: exactly
the situation of a process killed between the commit and the handling.
"""

import time_machine
from django.core.management import call_command
from django.utils import timezone

from schoolprivacy.consents.models import ConsentEvent
from schoolprivacy.consents.outbox import backoff, handle_pending
from schoolprivacy.consents.rules import consent_status
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def test_a_withdrawal_takes_effect_before_any_handling(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "withdrawn")
    assert not consent_status(consent.world.pupil_a, consent.website).allows_processing
    assert ConsentEvent.objects.filter(kind="withdrawn", handled_at__isnull=True).count() == 1


def test_a_lost_handling_is_picked_up_later_exactly_once(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "withdrawn")
    seen: list[int] = []

    def crash(event: ConsentEvent) -> None:
        raise RuntimeError("worker died")

    assert handle_pending(handler=crash) == 0
    event = ConsentEvent.objects.get()
    assert (event.handled_at, event.attempts, event.last_error) == (None, 1, "RuntimeError")

    # Not due again until its back-off has passed (see test_outbox_retries.py).
    assert handle_pending(handler=lambda e: seen.append(e.pk)) == 0
    with time_machine.travel(timezone.now() + backoff(1), tick=False):
        assert handle_pending(handler=lambda e: seen.append(e.pk)) == 1
        assert handle_pending(handler=lambda e: seen.append(e.pk)) == 0
    assert seen == [event.pk]
    assert ConsentEvent.objects.get().handled_at is not None


def test_a_refusal_replacing_a_grant_is_an_event_but_a_first_refusal_is_not(
    consent: Consent,
) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.newsletter, "refused")
    assert not ConsentEvent.objects.exists()
    by_portal(consent.mother, pupil, consent.website, "granted")
    by_portal(consent.father, pupil, consent.website, "refused")
    assert list(ConsentEvent.objects.values_list("kind", flat=True)) == ["refused"]


def test_the_command_handles_pending_events(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "withdrawn")
    call_command("handle_consent_events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ConsentEvent.objects.get().handled_at is not None
