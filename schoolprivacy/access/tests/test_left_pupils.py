"""Pupils who left: only administration and care roles, until the retention period ends."""

from datetime import date

import pytest

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import (
    LEFT_PUPIL_VISIBLE_YEARS,
    decide,
    may_write,
    visible_pupils,
)
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db

LEFT_ON = date(2026, 10, 16)
STILL_KEPT = date(2028, 10, 16)
PAST_RETENTION = date(2028, 10, 17)


@pytest.fixture
def left(world):
    Pupil.objects.filter(pk=world.pupil_a.pk).update(left_on=LEFT_ON)
    world.pupil_a.refresh_from_db()
    return world.pupil_a


def test_the_retention_rule_is_two_years_after_leaving():
    assert LEFT_PUPIL_VISIBLE_YEARS == 2


def test_it_hides_a_left_pupil_from_the_teacher_and_director(world, left):
    for user in (world.teacher, world.director):
        decision = decide(user, left, "pupil.identity", on=date(2026, 11, 1))
        assert not decision.allowed
        assert decision.rule == "denied.left_pupil"
        assert left not in visible_pupils(user, on=date(2026, 11, 1))
    assert not may_write(world.teacher, left, "pupil.observations", on=date(2026, 11, 1)).allowed


def test_the_teacher_still_sees_the_pupil_on_the_last_day(world, left):
    assert decide(world.teacher, left, "pupil.identity", on=LEFT_ON).allowed


def test_administration_and_care_see_a_left_pupil_until_retention_ends(world, left):
    # Enrolment and absence records stay longer for the administration:
    # test_enrolment_records_are_kept_five_years.py.
    for user, key in (
        (world.administration, "pupil.contact"),
        (world.care_coordinator, DIAGNOSIS),
        (world.care_coordinator, "pupil.absence"),
    ):
        assert decide(user, left, key, on=STILL_KEPT).allowed
        assert left in visible_pupils(user, on=STILL_KEPT)
        decision = decide(user, left, key, on=PAST_RETENTION)
        assert decision.rule == "denied.left_pupil"
    assert left not in visible_pupils(world.care_coordinator, on=PAST_RETENTION)


def test_a_grant_does_not_outlive_retention(world, left):
    grant = make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[left],
    )
    Grant.objects.filter(pk=grant.pk).update(
        starts_on=date(2028, 10, 1), ends_on=date(2028, 12, 31)
    )
    assert decide(world.teacher, left, DIAGNOSIS, on=STILL_KEPT).rule == "grant"
    assert not decide(world.teacher, left, DIAGNOSIS, on=PAST_RETENTION).allowed
    assert left not in visible_pupils(world.teacher, on=PAST_RETENTION)
