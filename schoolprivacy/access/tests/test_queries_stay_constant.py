"""The pupil list and the category check cost a fixed number of queries, whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import PUPIL_KEYS, visible_categories, visible_pupils
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.accounts.models import User
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _fill(group, count):
    for n in range(count):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname=f"Achternaam{n}")


def _queries_for_list(user):
    fresh = User.objects.get(pk=user.pk)  # no cached scope
    with CaptureQueriesContext(connection) as queries:
        pupils = list(visible_pupils(fresh))
        schools = [p.school.name for p in pupils]
    assert schools
    return len(queries), len(pupils)


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator", "administration"])
def test_the_pupil_list_uses_the_same_queries_for_10_and_100_pupils(world, persona):
    user = getattr(world, persona)
    make_grant(
        approver=world.privacy_officer,
        grantee=user,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a2,
    )
    break_glass_open(user=user, pupil=world.pupil_a, reason="Allergische reactie, ouders bellen")
    _fill(world.group_a, 9)
    small, small_count = _queries_for_list(user)
    _fill(world.group_a, 90)
    large, large_count = _queries_for_list(user)
    assert large_count - small_count == 90
    # The user's board, assignments, grants, emergency accesses and group members in one
    # statement (access.user_facts, decision 0055), then the list.
    assert small == large == 2


def test_visible_categories_resolves_everything_once(world):
    make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Valpartij, medische info")
    fresh = User.objects.get(pk=world.teacher.pk)
    with CaptureQueriesContext(connection) as one:
        visible_categories(fresh, world.pupil_a, keys=["pupil.identity"])
    fresh = User.objects.get(pk=world.teacher.pk)
    with CaptureQueriesContext(connection) as every:
        visible_categories(fresh, world.pupil_a, keys=PUPIL_KEYS)
    # The user's facts in one statement (with the pupils of their groups), then the grants that
    # cover the pupil.
    assert len(one) == len(every) == 2
