"""UAVG art. 5: from the 16th birthday only the pupil decides; the parents' earlier decisions
keep counting until the pupil decides otherwise; the pupil is told once."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail

from schoolprivacy.consents.models import ComingOfAgeNotice, ConsentEvent, Method
from schoolprivacy.consents.outbox import handle_pending, notices_waiting_requeue
from schoolprivacy.consents.rules import ConsentRuleError, consent_status, holders_for
from schoolprivacy.consents.services import (
    coming_of_age_notify,
    consent_decide,
    purpose_text_publish,
)
from schoolprivacy.consents.tests.conftest import Consent, by_portal, moment
from schoolprivacy.people.models import Pupil


@pytest.fixture
def teenager(consent: Consent) -> Pupil:
    """Pupil A, turning 16 on 1 March 2026; the texts were published in 2025."""
    # Published texts cannot be changed (a trigger refuses), so the 2025 version is a new one.
    with time_machine.travel(moment(date(2025, 1, 1)), tick=False):
        for purpose in (consent.website, consent.newsletter):
            purpose_text_publish(actor=consent.world.administration, purpose=purpose, text_nl="x")
    handle_pending()  # the new texts' events: nothing was published on the old ones
    pupil = consent.world.pupil_a
    Pupil.objects.filter(pk=pupil.pk).update(date_of_birth=date(2010, 3, 1))
    pupil.refresh_from_db()
    return pupil


def test_the_parents_decision_counts_after_the_birthday(consent: Consent, teenager: Pupil) -> None:
    by_portal(consent.mother, teenager, consent.website, "granted", at=moment(date(2026, 2, 1)))
    assert consent_status(teenager, consent.website, on=date(2026, 3, 2)).status == "granted"


def test_from_16_only_the_pupil_decides(consent: Consent, teenager: Pupil) -> None:
    assert [h.is_pupil for h in holders_for(teenager, on=date(2026, 3, 1))] == [True]
    with pytest.raises(ConsentRuleError) as raised:
        by_portal(consent.mother, teenager, consent.website, "granted", at=moment(date(2026, 3, 1)))
    assert raised.value.code == "pupil_16"


def test_the_pupil_decides_otherwise(consent: Consent, teenager: Pupil) -> None:
    by_portal(consent.mother, teenager, consent.website, "granted", at=moment(date(2026, 2, 1)))
    consent_decide(
        actor=consent.world.administration,
        pupil=teenager,
        purpose=consent.website,
        decision="withdrawn",
        by_pupil=True,
        method=Method.PAPER,
        reference="F-16",
        decided_at=moment(date(2026, 3, 5)),
    )
    assert consent_status(teenager, consent.website, on=date(2026, 3, 6)).status == "withdrawn"
    # Before the pupil decided, the parents' grant stood.
    assert consent_status(teenager, consent.website, on=date(2026, 3, 4)).status == "granted"


def test_under_16_the_pupil_cannot_decide(consent: Consent, teenager: Pupil) -> None:
    with pytest.raises(ConsentRuleError) as raised:
        consent_decide(
            actor=consent.world.administration,
            pupil=teenager,
            purpose=consent.website,
            decision="granted",
            by_pupil=True,
            method=Method.PAPER,
            reference="F-1",
            decided_at=moment(date(2026, 2, 28)),
        )
    assert raised.value.code == "under_16"


def test_the_pupil_is_told_once(
    consent: Consent, teenager: Pupil, django_capture_on_commit_callbacks: Any
) -> None:
    by_portal(consent.mother, teenager, consent.website, "granted", at=moment(date(2026, 2, 1)))
    teenager.user = consent.world.parent_b  # any account with an address will do here
    teenager.save()
    board = consent.world.board
    with time_machine.travel(moment(date(2026, 3, 2)), tick=False):
        assert coming_of_age_notify(board=board) == 1
        assert coming_of_age_notify(board=board) == 0
    assert ConsentEvent.objects.filter(kind="pupil_came_of_age").count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # the email goes after commit
        assert handle_pending() == 1
    notice = ComingOfAgeNotice.objects.get(pupil=teenager)
    assert notice.pupil_informed_at is not None
    assert len(mail.outbox) == 1


def test_a_pupil_without_an_account_is_told_once_they_have_one(
    consent: Consent, teenager: Pupil, django_capture_on_commit_callbacks: Any
) -> None:
    by_portal(consent.mother, teenager, consent.website, "granted", at=moment(date(2026, 2, 1)))
    with time_machine.travel(moment(date(2026, 3, 2)), tick=False):
        assert coming_of_age_notify(board=consent.world.board) == 1
    with django_capture_on_commit_callbacks(execute=True):
        handle_pending()
    notice = ComingOfAgeNotice.objects.get(pupil=teenager)
    assert notice.pupil_informed_at is None and mail.outbox == []  # nobody to tell: not "sent"

    teenager.user = consent.world.parent_b  # the pupil administration gave an address
    teenager.save()
    assert notices_waiting_requeue(consent.world.board.pk) == 1
    with django_capture_on_commit_callbacks(execute=True):
        handle_pending()
    notice.refresh_from_db()
    assert notice.pupil_informed_at is not None and len(mail.outbox) == 1
    assert notices_waiting_requeue(consent.world.board.pk) == 0
