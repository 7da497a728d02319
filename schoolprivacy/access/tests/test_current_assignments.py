from datetime import date

import pytest

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.access.selectors import current_assignments, scope_for
from schoolprivacy.people.models import Staff

pytestmark = pytest.mark.django_db


def test_a_teacher_is_assigned_to_their_group_and_its_school(world):
    scope = scope_for(world.teacher, on=date(2026, 11, 28))
    assert scope.roles == {Role.TEACHER}
    assert scope.group_ids == {world.group_a.id}
    assert scope.school_ids == {world.school_a.id}
    assert scope.board_id == world.board.id


def test_an_ended_assignment_no_longer_counts(world):
    Assignment.objects.filter(staff__user=world.teacher).update(ends_on=date(2026, 10, 31))
    assert not current_assignments(world.teacher, on=date(2026, 11, 1)).exists()
    assert current_assignments(world.teacher, on=date(2026, 10, 31)).exists()


def test_an_assignment_that_has_not_started_does_not_count(world):
    staff = Staff.objects.get(user=world.teacher)
    Assignment.objects.create(
        board=world.board,
        staff=staff,
        role=Role.TEACHER,
        school=world.school_a,
        group=world.group_a2,
        starts_on=date(2027, 1, 1),
    )
    assert scope_for(world.teacher, on=date(2026, 12, 1)).group_ids == {world.group_a.id}
    assert scope_for(world.teacher, on=date(2027, 1, 1)).group_ids == {
        world.group_a.id,
        world.group_a2.id,
    }


def test_the_privacy_officer_holds_a_board_role(world):
    scope = scope_for(world.privacy_officer, on=date(2026, 11, 28))
    assert scope.board_roles == {Role.PRIVACY_OFFICER}
    assert scope.school_ids == frozenset()


def test_parents_have_no_staff_scope(world):
    scope = scope_for(world.parent)
    assert scope.roles == frozenset()
    assert scope.board_id == world.board.id


def test_the_scope_is_resolved_with_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    user = type(world.care_coordinator).objects.get(id=world.care_coordinator.id)
    with django_assert_max_num_queries(2):
        scope_for(user)
        scope_for(user)
