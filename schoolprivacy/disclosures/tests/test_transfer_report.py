"""The transfer report (onderwijskundig rapport, via OSO) by school kind (domain.md):

- from a primary school: a legal obligation (WPO art. 42), no consent, but only after the parents
  were shown it, with their remarks recorded;
- from a secondary school: the consent of the parents, or of the pupil from 16.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import TRANSFER_PRIMARY, Sharing, decide, record
from schoolprivacy.testing import factories

SECONDARY = {
    "recipient": "next_school",
    "basis": "consent",
    "categories": ["pupil.identity", "pupil.education_number", "pupil.results.reports"],
}


def test_from_primary_it_is_recorded_with_the_parents_having_seen_it(sharing: Sharing):
    w = sharing.world
    d = record(w.administration, w.pupil_a, **TRANSFER_PRIMARY)
    assert d.basis == "legal_obligation" and d.article == "wpo_42"
    assert d.shown_to_parents_on == date(2026, 6, 1)
    assert d.parent_remarks == "Wij herkennen ons in het rapport."


@pytest.mark.parametrize("days_ahead", [None, 1], ids=["not shown", "future"])
def test_from_primary_it_waits_until_the_parents_have_seen_it(sharing: Sharing, days_ahead):
    # Tomorrow as the test runs, not as it was collected: a run across midnight in Amsterdam
    # would otherwise ask about today.
    shown = None if days_ahead is None else timezone.localdate() + timedelta(days=days_ahead)
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(w.administration, w.pupil_a, **{**TRANSFER_PRIMARY, "shown_to_parents_on": shown})
    assert refusal.value.code == "not_shown_to_parents"


def test_from_primary_consent_is_not_the_basis(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(w.administration, w.pupil_a, **SECONDARY)
    assert refusal.value.code == "basis"
    assert "WPO art. 42" in str(refusal.value.messages[0])


def test_from_secondary_the_law_alone_is_not_enough(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(sharing.care_b, w.pupil_b, **TRANSFER_PRIMARY)
    assert refusal.value.code == "basis"


def test_from_secondary_it_needs_the_parents_consent(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(sharing.care_b, w.pupil_b, **SECONDARY)
    assert refusal.value.code == "consent_unanswered"
    decide(w.pupil_b, sharing.purpose("transfer_report"), "granted", guardian=w.parent_b.guardian)
    d = record(sharing.care_b, w.pupil_b, **SECONDARY)
    assert d.basis == "consent" and d.purpose is not None and d.purpose.key == "transfer_report"


def test_from_secondary_a_pupil_of_16_decides(sharing: Sharing):
    w = sharing.world
    today = timezone.localdate()
    older = factories.make_pupil(
        group=w.group_b, first_name="Lot", date_of_birth=today.replace(year=today.year - 17)
    )
    older.user = User.objects.create_user(username="lot", kind=User.Kind.PUPIL)
    older.save(update_fields=["user"])
    purpose = sharing.purpose("transfer_report")
    with pytest.raises(DisclosureRefused):
        record(sharing.care_b, older, **SECONDARY)
    decide(older, purpose, "granted", by_pupil=True)
    assert record(sharing.care_b, older, **SECONDARY).purpose == purpose
    decide(older, purpose, "withdrawn", by_pupil=True)
    with pytest.raises(DisclosureRefused) as refusal:
        record(sharing.care_b, older, **SECONDARY)
    assert refusal.value.code == "consent_withdrawn"


def test_a_teacher_does_not_record_transfer_reports(sharing: Sharing):
    w = sharing.world
    with pytest.raises(PermissionDenied):
        record(w.teacher, w.pupil_a, **TRANSFER_PRIMARY)
    assert not Disclosure.objects.exists()
