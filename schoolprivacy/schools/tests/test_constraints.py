import pytest
from django.db import IntegrityError, transaction

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.schools.models import Board, Group, School, SchoolYear
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def assert_rejected(action) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


@pytest.mark.parametrize("brin", ["1AB", "12ab", "ABCD", "12A1"])
def test_a_brin_is_two_digits_and_two_capitals(world, brin):
    assert_rejected(lambda: School.objects.filter(id=world.school_a.id).update(brin=brin))


def test_a_board_number_has_five_digits(world):
    assert_rejected(lambda: Board.objects.filter(id=world.board.id).update(board_number="123"))


def test_a_school_year_ends_after_it_starts(world):
    year = world.group_a.school_year
    assert_rejected(lambda: SchoolYear.objects.filter(id=year.id).update(ends_on=year.starts_on))


def test_group_names_are_unique_within_a_school_year(world):
    assert_rejected(
        lambda: Group.objects.create(
            board=world.board,
            school=world.school_a,
            school_year=world.group_a.school_year,
            name=world.group_a.name,
            year_level=5,
        )
    )


def test_a_privacy_officer_is_assigned_to_the_board_not_a_school(world):
    staff = factories.make_staff(board=world.board, username="fg2")
    assert_rejected(
        lambda: Assignment.objects.create(
            board=world.board,
            staff=staff,
            role=Role.PRIVACY_OFFICER,
            school=world.school_a,
            starts_on="2026-08-01",
        )
    )


def test_only_teachers_are_assigned_to_a_group(world):
    staff = factories.make_staff(board=world.board, username="ib2")
    assert_rejected(
        lambda: Assignment.objects.create(
            board=world.board,
            staff=staff,
            role=Role.CARE_COORDINATOR,
            school=world.school_a,
            group=world.group_a,
            starts_on="2026-08-01",
        )
    )
