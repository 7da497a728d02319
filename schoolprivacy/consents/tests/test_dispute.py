"""domain.md: when the school learns the parents disagree, processing stops until they agree;
a location director of the school resolves the dispute."""

import pytest
from django.core.exceptions import PermissionDenied

from schoolprivacy.consents.models import ConsentDispute, ConsentEvent
from schoolprivacy.consents.rules import consent_status
from schoolprivacy.consents.services import dispute_open, dispute_resolve
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def test_staff_opening_a_dispute_stops_processing(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    dispute_open(actor=consent.world.administration, pupil=pupil, purpose=consent.website)
    status = consent_status(pupil, consent.website)
    assert (status.status, status.allows_processing) == ("disputed", False)
    assert ConsentEvent.objects.filter(kind="dispute_opened", pupil=pupil).count() == 1


def test_a_grant_against_the_other_holders_refusal_opens_a_dispute(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.father, pupil, consent.website, "refused")
    by_portal(consent.mother, pupil, consent.website, "granted")
    assert consent_status(pupil, consent.website).status == "disputed"
    dispute = ConsentDispute.objects.get(pupil=pupil)
    assert dispute.opened_because == "holders_disagree"


def test_a_parent_changing_their_own_mind_is_no_dispute(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "refused")
    by_portal(consent.mother, pupil, consent.website, "granted")
    assert consent_status(pupil, consent.website).status == "granted"
    assert not ConsentDispute.objects.exists()


def test_only_the_location_director_resolves(consent: Consent) -> None:
    world = consent.world
    dispute = dispute_open(actor=world.administration, pupil=world.pupil_a, purpose=consent.website)
    for outsider in (world.administration, world.teacher, world.other_board_staff):
        with pytest.raises(PermissionDenied):
            dispute_resolve(actor=outsider, dispute=dispute, resolution="agreed")
    dispute_resolve(actor=world.director, dispute=dispute, resolution="agreed")
    assert consent_status(world.pupil_a, consent.website).status == "unanswered"


def test_teachers_cannot_open_a_dispute(consent: Consent) -> None:
    with pytest.raises(PermissionDenied):
        dispute_open(
            actor=consent.world.teacher, pupil=consent.world.pupil_a, purpose=consent.website
        )
