"""When a staff member's employment ends (Staff.left_on), every assignment ends with it, whatever
the assignment's own end date says (issue 11 §4)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.access.models import Role
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.selectors import role_holders, scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Staff

pytestmark = pytest.mark.django_db


def _leave(user, days_ago: int) -> User:
    """End the employment; return the user fresh (the scope is cached per user object)."""
    Staff.objects.filter(user=user).update(left_on=timezone.localdate() - timedelta(days=days_ago))
    return User.objects.get(pk=user.pk)


def test_a_teacher_who_left_30_days_ago_sees_no_pupil(world, staff_client):
    assert world.pupil_a in visible_pupils(world.teacher)
    teacher = _leave(world.teacher, 30)
    assert not visible_pupils(teacher).exists()
    assert not decide(teacher, world.pupil_a, "pupil.identity").allowed
    assert not scope_for(teacher).roles
    # The pupil page is a 404, as for an outsider.
    page = staff_client(teacher).get(reverse("web:pupil", args=[world.pupil_a.id]))
    assert page.status_code == 404


def test_the_last_day_of_employment_still_counts(world):
    care_coordinator = _leave(world.care_coordinator, 0)
    assert decide(care_coordinator, world.pupil_a, "pupil.identity").allowed


def test_a_director_who_left_holds_no_duty_and_is_told_nothing(world):
    director = _leave(world.director, 1)
    assert not may(director, Duty.RESOLVE_DISPUTE, school_id=world.school_a.pk)
    holders = role_holders(school_id=world.school_a.pk, role=Role.LOCATION_DIRECTOR)
    assert director not in holders


def test_an_administration_member_who_left_cannot_import(world):
    administration = _leave(world.administration, 1)
    assert not may(administration, Duty.IMPORT, school_id=world.school_a.pk)
