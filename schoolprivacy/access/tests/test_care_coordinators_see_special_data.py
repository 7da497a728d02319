"""Care coordinators: every pupil of their school, special data included, not the PGN."""

import pytest

from schoolprivacy.access.policy import PUPIL_KEYS, decide, visible_categories, visible_pupils
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER

pytestmark = pytest.mark.django_db


def test_it_shows_diagnoses_to_the_care_coordinator(world):
    decision = decide(world.care_coordinator, world.pupil_a, DIAGNOSIS)
    assert decision.allowed
    assert decision.rule == "care.school"
    assert str(decision.reason)


def test_it_shows_care_notes_and_religion_to_the_care_coordinator(world):
    for key in ("pupil.care.notes", "pupil.religion", "pupil.care.referral"):
        assert decide(world.care_coordinator, world.pupil_a, key).allowed, key


def test_it_keeps_the_education_number_for_the_administration(world):
    decision = decide(world.care_coordinator, world.pupil_a, EDUCATION_NUMBER)
    assert not decision.allowed
    assert decision.rule == "denied.category"


def test_it_lists_every_category_but_the_education_number(world):
    shown = visible_categories(world.care_coordinator, world.pupil_a2)
    assert set(shown) == set(PUPIL_KEYS) - {EDUCATION_NUMBER}


def test_it_covers_every_group_of_the_school_and_no_other_school(world):
    assert set(visible_pupils(world.care_coordinator)) == {world.pupil_a, world.pupil_a2}
    assert not decide(world.care_coordinator, world.pupil_b, DIAGNOSIS).allowed
