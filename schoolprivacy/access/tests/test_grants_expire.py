"""A grant counts from its first to its last day, and simply stops counting afterwards."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(world):
    today = timezone.localdate()
    return make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a,
        starts_on=today + timedelta(days=1),
        ends_on=today + timedelta(days=10),
    )


def test_it_does_not_count_before_it_starts(world, grant):
    before = grant.starts_on - timedelta(days=1)
    assert not decide(world.teacher, world.pupil_a, DIAGNOSIS, on=before).allowed


def test_it_counts_on_its_first_and_last_day(world, grant):
    for day in (grant.starts_on, grant.ends_on):
        decision = decide(world.teacher, world.pupil_a, DIAGNOSIS, on=day)
        assert decision.allowed
        assert decision.grant_id == grant.id


def test_it_expires_the_day_after_it_ends(world, grant):
    after = grant.ends_on + timedelta(days=1)
    assert not decide(world.teacher, world.pupil_a, DIAGNOSIS, on=after).allowed


def test_it_expires_without_any_job_running(world, grant):
    with time_machine.travel(grant.ends_on + timedelta(days=1), tick=False):
        assert timezone.localdate() > grant.ends_on
        assert not decide(world.teacher, world.pupil_a, DIAGNOSIS).allowed
    with time_machine.travel(grant.ends_on, tick=False):
        assert decide(world.teacher, world.pupil_a, DIAGNOSIS).allowed


def test_a_school_grant_makes_pupils_visible_only_while_it_runs(world):
    start = timezone.localdate()
    grant = make_grant(
        approver=world.privacy_officer,
        grantee=world.teacher_b,
        school=world.school_a,
        category_key="pupil.results.tests",
        starts_on=start,
        ends_on=start + timedelta(days=5),
    )
    assert set(visible_pupils(world.teacher_b, on=start)) == {
        world.pupil_a,
        world.pupil_a2,
        world.pupil_b,
    }
    # A grant for one category includes the pupil's name, nothing more.
    assert decide(world.teacher_b, world.pupil_a2, "pupil.identity", on=start).rule == "grant"
    assert not decide(world.teacher_b, world.pupil_a2, "pupil.contact", on=start).allowed
    after = grant.ends_on + timedelta(days=1)
    assert list(visible_pupils(world.teacher_b, on=after)) == [world.pupil_b]


def test_the_database_refuses_a_grant_without_an_end_date(world, grant):
    grant.pk = None
    grant.ends_on = None
    with pytest.raises(IntegrityError):
        grant.save()
