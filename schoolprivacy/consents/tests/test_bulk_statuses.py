"""The class overview reads every status in a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.consents.rules import consent_status, statuses_for_pupils
from schoolprivacy.consents.selectors import purposes_for_school
from schoolprivacy.consents.tests.conftest import Consent, by_portal
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing import factories


def _queries(pupils: list[Pupil], consent: Consent) -> int:
    purposes = purposes_for_school(consent.world.school_a)
    with CaptureQueriesContext(connection) as captured:
        statuses_for_pupils(pupils, purposes)
    return len(captured)


def test_5_and_50_pupils_take_the_same_number_of_queries(consent: Consent) -> None:
    group = consent.world.group_a
    pupils = [factories.make_pupil(group=group, first_name=f"P{i}") for i in range(50)]
    for pupil in pupils[:10]:
        guardian = factories.make_parent(pupil=pupil, email=f"p{pupil.pk}@example.nl")
        by_portal(guardian, pupil, consent.website, "granted")
    assert _queries(pupils[:5], consent) == _queries(pupils, consent) <= 4


def test_bulk_and_single_agree(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    purposes = purposes_for_school(consent.world.school_a)
    bulk = statuses_for_pupils([pupil], purposes)
    for purpose in purposes:
        assert bulk[(pupil.pk, purpose.pk)] == consent_status(pupil, purpose)
