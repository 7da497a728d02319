"""domain.md: one authority-holder's consent is enough; either holder's refusal or withdrawal wins;
a parent without authority cannot consent (information restrictions do not matter)."""

import pytest

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.rules import ConsentRuleError, consent_status, holders_for
from schoolprivacy.consents.tests.conftest import Consent, by_portal
from schoolprivacy.people.models import GuardianRelation


def test_silence_is_no(consent: Consent) -> None:
    status = consent_status(consent.world.pupil_a, consent.website)
    assert (status.status, status.allows_processing, status.text_version) == (
        "unanswered",
        False,
        1,
    )


def test_one_of_two_holders_consenting_is_enough(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    status = consent_status(consent.world.pupil_a, consent.website)
    assert status.status == "granted"
    assert status.allows_processing
    assert status.decided_by_label == consent.mother.name
    assert AuditEvent.objects.filter(action="consents.decision.granted").count() == 1


def test_the_other_holders_withdrawal_wins(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    by_portal(consent.father, pupil, consent.website, "withdrawn")
    status = consent_status(pupil, consent.website)
    assert (status.status, status.allows_processing) == ("withdrawn", False)
    assert AuditEvent.objects.filter(action="consents.decision.withdrawn").count() == 1


def test_consent_is_per_purpose(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    assert consent_status(consent.world.pupil_a, consent.newsletter).status == "unanswered"


def test_a_parent_without_authority_cannot_consent(consent: Consent) -> None:
    with pytest.raises(ConsentRuleError) as raised:
        by_portal(consent.without_authority, consent.world.pupil_a, consent.website, "granted")
    assert raised.value.code == "no_authority"
    assert consent_status(consent.world.pupil_a, consent.website).status == "unanswered"


def test_an_information_restriction_does_not_take_away_the_say(consent: Consent) -> None:
    GuardianRelation.objects.filter(guardian=consent.father).update(
        information_restriction="court_order", restriction_reason="x"
    )
    by_portal(consent.father, consent.world.pupil_a, consent.website, "granted")
    assert consent_status(consent.world.pupil_a, consent.website).status == "granted"


def test_holders_are_the_guardians_with_authority(consent: Consent) -> None:
    holders = {h.guardian for h in holders_for(consent.world.pupil_a)}
    assert holders == {consent.mother, consent.father}
