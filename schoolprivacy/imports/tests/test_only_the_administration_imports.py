"""The import service itself checks who may import (`Duty.IMPORT`: the administration of the
school), not only the upload form (issue 11 §3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.imports.forms import importable_schools
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import SAMPLES, TODAY
from schoolprivacy.people.models import Pupil, Staff

pytestmark = pytest.mark.django_db


def _import(world, actor):
    return import_las(
        path=SAMPLES / "parnassys.csv", school=world.school_a, actor=actor, today=TODAY
    )


@pytest.mark.parametrize(
    "persona",
    [
        "teacher",
        "director",
        "care_coordinator",
        "privacy_officer",
        "teacher_b",
        "other_board_staff",
    ],
)
def test_anyone_else_is_refused_by_the_service(world, persona):
    before = Pupil.objects.count()
    with pytest.raises(PermissionDenied):
        _import(world, getattr(world, persona))
    assert Pupil.objects.count() == before
    assert world.school_a not in importable_schools(getattr(world, persona))


def test_the_administration_of_the_school_imports(world):
    assert list(importable_schools(world.administration)) == [world.school_a]
    assert _import(world, world.administration).rows > 0


def test_an_administration_member_who_left_is_refused(world):
    Staff.objects.filter(user=world.administration).update(
        left_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        _import(world, User.objects.get(pk=world.administration.pk))


def test_the_operators_command_needs_no_role(world):
    assert _import(world, None).rows > 0
