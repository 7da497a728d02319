"""Who may add records of a category (`may_write`)."""

import pytest

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import PUPIL_KEYS, may_write
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER, make_grant

pytestmark = pytest.mark.django_db

TEACHER_WRITES = {"pupil.results.tests", "pupil.observations", "pupil.care.measures"}
ADMINISTRATION_WRITES = {"pupil.contact", "pupil.enrolment", "pupil.absence", EDUCATION_NUMBER}


def _writable(user, pupil):
    return {key for key in PUPIL_KEYS if may_write(user, pupil, key).allowed}


def test_teachers_add_tests_observations_and_measures_for_their_group(world):
    assert _writable(world.teacher, world.pupil_a) == TEACHER_WRITES
    assert _writable(world.teacher, world.pupil_a2) == set()


def test_care_coordinators_add_everything_but_the_education_number(world):
    assert _writable(world.care_coordinator, world.pupil_a) == set(PUPIL_KEYS) - {EDUCATION_NUMBER}
    assert _writable(world.care_coordinator, world.pupil_b) == set()


def test_the_administration_adds_contact_enrolment_absence_and_the_number(world):
    assert _writable(world.administration, world.pupil_a) == ADMINISTRATION_WRITES


def test_directors_and_the_privacy_officer_add_nothing(world):
    assert _writable(world.director, world.pupil_a) == set()
    assert _writable(world.privacy_officer, world.pupil_a) == set()
    assert _writable(world.other_board_staff, world.pupil_a) == set()


def test_a_grant_gives_reading_not_writing(world):
    make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a,
    )
    assert not may_write(world.teacher, world.pupil_a, DIAGNOSIS).allowed
