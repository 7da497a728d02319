"""`visible_pupils` and `decide(..., "pupil.identity")` are two faces of one rule."""

from datetime import date

import pytest

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

PERSONAS = [
    "privacy_officer",
    "director",
    "teacher",
    "care_coordinator",
    "administration",
    "teacher_b",
    "parent",
    "other_board_staff",
]


def test_every_persona_sees_exactly_the_pupils_whose_name_they_may_read(world):
    left_recently = factories.make_pupil(group=world.group_a, left_on=date(2026, 9, 1))
    left_long_ago = factories.make_pupil(group=world.group_a2, left_on=date(2024, 7, 1))
    make_grant(
        approver=world.privacy_officer,
        grantee=world.teacher_b,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a2,
    )
    break_glass_open(user=world.director, pupil=world.pupil_a2, reason="Valpartij op het plein")
    pupils = [world.pupil_a, world.pupil_a2, world.pupil_b, left_recently, left_long_ago]
    for persona in PERSONAS:
        user = getattr(world, persona)
        listed = set(visible_pupils(user))
        for pupil in Pupil.objects.filter(pk__in=[p.pk for p in pupils]):
            allowed = decide(user, pupil, "pupil.identity").allowed
            assert allowed == (pupil in listed), (persona, pupil.pk)
