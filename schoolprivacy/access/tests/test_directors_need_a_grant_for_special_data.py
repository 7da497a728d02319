"""Location directors: pupils of their school, ordinary data; special data only with a grant."""

import pytest

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_categories, visible_pupils
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER, make_grant

pytestmark = pytest.mark.django_db


def test_it_shows_ordinary_data_of_the_whole_school(world):
    assert set(visible_pupils(world.director)) == {world.pupil_a, world.pupil_a2}
    for key in ("pupil.identity", "pupil.contact", "pupil.care.notes", "pupil.results.tests"):
        decision = decide(world.director, world.pupil_a2, key)
        assert decision.allowed, key
        assert decision.rule == "director.school"


def test_it_hides_diagnoses_from_the_director_without_a_grant(world):
    assert decide(world.director, world.pupil_a, DIAGNOSIS).rule == "denied.category"
    assert not decide(world.director, world.pupil_a, "pupil.religion").allowed
    assert not decide(world.director, world.pupil_a, EDUCATION_NUMBER).allowed


def test_a_grant_from_the_privacy_officer_shows_the_diagnosis(world):
    grant = make_grant(
        approver=world.privacy_officer,
        grantee=world.director,
        school=world.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_a],
    )
    decision = decide(world.director, world.pupil_a, DIAGNOSIS)
    assert decision.allowed
    assert decision.rule == "grant"
    assert decision.grant_id == grant.id
    assert DIAGNOSIS in visible_categories(world.director, world.pupil_a)
    # Only the pupil and the category named in the grant.
    assert not decide(world.director, world.pupil_a2, DIAGNOSIS).allowed
    assert not decide(world.director, world.pupil_a, "pupil.religion").allowed


def test_it_hides_pupils_of_another_school_from_the_director(world):
    assert not decide(world.director, world.pupil_b, "pupil.identity").allowed
