"""Outsiders: staff of another school or board, parents and board roles see no pupil data."""

import pytest
from django.http import Http404

from schoolprivacy.access.policy import (
    PUPIL_KEYS,
    decide,
    get_visible_pupil,
    may_write,
    visible_categories,
    visible_pupils,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "parent", "privacy_officer"])
def test_it_denies_every_category_of_a_school_a_pupil(world, persona):
    user = getattr(world, persona)
    for key in PUPIL_KEYS:
        decision = decide(user, world.pupil_a, key)
        assert not decision.allowed, key
        assert decision.rule == "denied.no_assignment"
        assert not may_write(user, world.pupil_a, key).allowed
    assert visible_categories(user, world.pupil_a) == {}


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "parent", "privacy_officer"])
def test_it_answers_404_for_a_school_a_pupil(world, persona):
    with pytest.raises(Http404):
        get_visible_pupil(getattr(world, persona), world.pupil_a.id)


def test_the_privacy_officer_has_no_routine_pupil_list(world):
    assert not visible_pupils(world.privacy_officer).exists()


def test_staff_of_another_board_see_no_pupil_of_this_board(world):
    assert not visible_pupils(world.other_board_staff).exists()


def test_a_teacher_of_school_b_sees_only_their_own_pupil(world):
    assert list(visible_pupils(world.teacher_b)) == [world.pupil_b]


def test_an_unknown_category_fails_loudly(world):
    with pytest.raises(KeyError):
        decide(world.care_coordinator, world.pupil_a, "pupil.shoe_size")
