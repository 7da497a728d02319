"""Teachers: pupils of their current groups, the measure but never the diagnosis."""

from datetime import date

import pytest
from django.http import Http404

from schoolprivacy.access.models import Role
from schoolprivacy.access.policy import (
    decide,
    get_visible_pupil,
    visible_categories,
    visible_pupils,
)
from schoolprivacy.people.models import GroupMembership, Staff
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def test_it_shows_identity_and_measures_of_the_own_group(world):
    for key in ("pupil.identity", "pupil.care.measures", "pupil.results.tests"):
        decision = decide(world.teacher, world.pupil_a, key)
        assert decision.allowed, key
        assert decision.rule == "teacher.own_group"


def test_it_hides_diagnoses_from_teachers(world):
    decision = decide(world.teacher, world.pupil_a, "pupil.care.diagnosis")
    assert not decision.allowed
    assert decision.rule == "denied.category"


def test_it_hides_the_education_number_and_care_notes_from_teachers(world):
    for key in ("pupil.education_number", "pupil.care.notes", "pupil.religion"):
        assert not decide(world.teacher, world.pupil_a, key).allowed, key


def test_it_lists_exactly_the_teachers_categories(world):
    assert set(visible_categories(world.teacher, world.pupil_a)) == {
        "pupil.identity",
        "pupil.enrolment",
        "pupil.absence",
        "pupil.observations",
        "pupil.care.measures",
        "pupil.image",
        "pupil.results.tests",
        "pupil.results.reports",
        "pupil.results.central_exam",
    }


def test_it_hides_pupils_of_other_groups(world):
    assert decide(world.teacher, world.pupil_a2, "pupil.identity").rule == "denied.no_assignment"
    assert visible_categories(world.teacher, world.pupil_a2) == {}
    assert list(visible_pupils(world.teacher)) == [world.pupil_a]


def test_it_hides_school_a_from_a_teacher_of_school_b(world):
    assert not decide(world.teacher_b, world.pupil_a, "pupil.identity").allowed
    with pytest.raises(Http404):
        get_visible_pupil(world.teacher_b, world.pupil_a.id)


def test_it_stops_when_the_pupil_moves_to_another_group(world):
    GroupMembership.objects.filter(pupil=world.pupil_a).update(ends_on=date(2026, 12, 31))
    assert decide(world.teacher, world.pupil_a, "pupil.identity", on=date(2026, 12, 31)).allowed
    assert not decide(world.teacher, world.pupil_a, "pupil.identity", on=date(2027, 1, 1)).allowed
    assert world.pupil_a not in visible_pupils(world.teacher, on=date(2027, 1, 1))


def test_it_stops_when_the_teaching_assignment_ends(world):
    staff = Staff.objects.get(user=world.teacher)
    staff.assignments.update(ends_on=date(2026, 12, 31))
    assert not decide(world.teacher, world.pupil_a, "pupil.identity", on=date(2027, 1, 4)).allowed


def test_a_second_group_adds_its_pupils(world):
    factories.assign(Staff.objects.get(user=world.teacher), Role.TEACHER, group=world.group_a2)
    assert set(visible_pupils(world.teacher)) == {world.pupil_a, world.pupil_a2}
