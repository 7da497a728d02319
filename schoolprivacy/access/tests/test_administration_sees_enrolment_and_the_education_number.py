"""Administration: identity, contact, enrolment, absence, education number and guardian data."""

import pytest

from schoolprivacy.access.policy import decide, visible_categories, visible_pupils
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER

pytestmark = pytest.mark.django_db


def test_it_shows_the_administration_its_categories_only(world):
    assert set(visible_categories(world.administration, world.pupil_a)) == {
        "pupil.identity",
        "pupil.contact",
        "pupil.enrolment",
        "pupil.absence",
        EDUCATION_NUMBER,
    }


def test_it_shows_the_education_number_to_the_administration(world):
    decision = decide(world.administration, world.pupil_a, EDUCATION_NUMBER)
    assert decision.allowed
    assert decision.rule == "administration.school"


def test_it_shows_guardian_data_to_the_administration(world):
    for key in ("guardian.identity", "guardian.contact", "guardian.authority"):
        assert decide(world.administration, world.pupil_a, key).allowed, key
    # A teacher reaches the parents (names, contact; issue 19) but not who holds authority.
    assert decide(world.teacher, world.pupil_a, "guardian.contact").allowed
    assert not decide(world.teacher, world.pupil_a, "guardian.authority").allowed
    assert not decide(world.teacher_b, world.pupil_a, "guardian.contact").allowed


def test_it_hides_diagnoses_and_results_from_the_administration(world):
    for key in (DIAGNOSIS, "pupil.results.tests", "pupil.observations", "pupil.care.notes"):
        assert not decide(world.administration, world.pupil_a, key).allowed, key


def test_the_administration_sees_every_pupil_of_its_school(world):
    assert set(visible_pupils(world.administration)) == {world.pupil_a, world.pupil_a2}
