"""The administration reads enrolment and absence records of a pupil who left for 5 years
(domain.md, Retention); everything else follows the pupil file's 2 years."""

from datetime import date

import pytest

from schoolprivacy.access.policy import ENROLMENT_RECORDS_YEARS, decide, may_write, visible_pupils
from schoolprivacy.access.tests.helpers import DIAGNOSIS
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db

LEFT_ON = date(2023, 10, 16)
THREE_YEARS_LATER = date(2026, 10, 16)
LAST_KEPT_DAY = date(2028, 10, 16)
PAST_FIVE_YEARS = date(2028, 10, 17)


@pytest.fixture
def left(world):
    Pupil.objects.filter(pk=world.pupil_a.pk).update(left_on=LEFT_ON)
    world.pupil_a.refresh_from_db()
    return world.pupil_a


def test_the_rule_is_five_years():
    assert ENROLMENT_RECORDS_YEARS == 5


@pytest.mark.parametrize("key", ["pupil.identity", "pupil.enrolment", "pupil.absence"])
def test_the_administration_reads_them_three_years_after_leaving(world, left, key):
    decision = decide(world.administration, left, key, on=THREE_YEARS_LATER)
    assert decision.rule == "administration.school"
    assert decide(world.administration, left, key, on=LAST_KEPT_DAY).allowed
    assert left in visible_pupils(world.administration, on=THREE_YEARS_LATER)


def test_other_categories_follow_the_two_year_rule(world, left):
    for key in ("pupil.contact", "pupil.education_number", "guardian.contact"):
        assert decide(world.administration, left, key, on=THREE_YEARS_LATER).rule == (
            "denied.left_pupil"
        )
    assert not may_write(world.administration, left, "pupil.absence", on=THREE_YEARS_LATER).allowed


@pytest.mark.parametrize("persona", ["care_coordinator", "director", "teacher", "teacher_b"])
def test_nobody_else_reads_them(world, left, persona):
    user = getattr(world, persona)
    assert not decide(user, left, "pupil.absence", on=THREE_YEARS_LATER).allowed
    assert not decide(user, left, DIAGNOSIS, on=THREE_YEARS_LATER).allowed
    assert left not in visible_pupils(user, on=THREE_YEARS_LATER)


def test_after_five_years_nobody_does(world, left):
    assert not decide(world.administration, left, "pupil.enrolment", on=PAST_FIVE_YEARS).allowed
    assert left not in visible_pupils(world.administration, on=PAST_FIVE_YEARS)
