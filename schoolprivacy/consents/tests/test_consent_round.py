"""domain.md: a yearly round with a deadline may close collection; never withdrawal."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from schoolprivacy.consents.models import ConsentRound
from schoolprivacy.consents.rules import ConsentRuleError, consent_status
from schoolprivacy.consents.tests.conftest import Consent, by_portal


@pytest.fixture
def closed_round(consent: Consent) -> ConsentRound:
    today = timezone.localdate()
    closed = ConsentRound.objects.create(
        board=consent.world.board,
        name="2026",
        opens_on=today - timedelta(days=30),
        deadline=today - timedelta(days=1),
        closes_collection=True,
    )
    closed.purposes.add(consent.website)
    return closed


def test_no_new_grants_after_the_deadline(consent: Consent, closed_round: ConsentRound) -> None:
    with pytest.raises(ConsentRuleError) as raised:
        by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    assert raised.value.code == "round_closed"


def test_withdrawal_is_never_blocked(consent: Consent, closed_round: ConsentRound) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "withdrawn")
    assert consent_status(consent.world.pupil_a, consent.website).status == "withdrawn"


def test_other_purposes_stay_open(consent: Consent, closed_round: ConsentRound) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.newsletter, "granted")
    assert date.today() > closed_round.deadline
