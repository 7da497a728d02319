"""A yearly round reminds, once, only the holders who have not answered yet."""

from datetime import date

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentRound
from schoolprivacy.consents.reminders import consent_rounds_remind
from schoolprivacy.consents.tests.conftest import Consent, by_portal
from schoolprivacy.testing import factories


def make_round(consent: Consent) -> ConsentRound:
    consent_round = ConsentRound.objects.create(
        board=consent.world.board,
        school=consent.world.school_a,
        name="Toestemming 2026-2027",
        opens_on=date(2026, 9, 1),
        deadline=date(2026, 10, 1),
        reminder_days_before=7,
    )
    consent_round.purposes.set([consent.website])
    return consent_round


def recipients(mailoutbox) -> set[str]:
    return {address for message in mailoutbox for address in message.to}


def test_no_reminder_before_it_is_due(consent, mailoutbox, django_capture_on_commit_callbacks):
    make_round(consent)
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_rounds_remind(on=date(2026, 9, 23)) == 0
    assert mailoutbox == []


def test_only_holders_without_an_answer_are_reminded_once(
    consent, mailoutbox, django_capture_on_commit_callbacks
):
    make_round(consent)
    other = factories.make_pupil(group=consent.world.group_a2, first_name="Mila", surname="Smit")
    waiting = factories.make_parent(pupil=other, email="wachtend@example.nl")
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")

    with django_capture_on_commit_callbacks(execute=True):
        assert consent_rounds_remind(on=date(2026, 9, 24)) == 1
    assert waiting.email in recipients(mailoutbox)
    assert consent.mother.email not in recipients(mailoutbox)
    # School B's parents are not part of school A's round.
    assert consent.world.parent_b.email not in recipients(mailoutbox)
    assert "Reminder" in mailoutbox[0].subject or "Herinnering" in mailoutbox[0].subject

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_rounds_remind(on=date(2026, 9, 25)) == 0
    assert mailoutbox == []
    assert AuditEvent.objects.filter(action="consents.round.reminded").count() == 1


def test_a_closed_round_is_not_reminded(consent, mailoutbox, django_capture_on_commit_callbacks):
    make_round(consent)
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_rounds_remind(on=date(2026, 10, 2)) == 0
    assert mailoutbox == []
