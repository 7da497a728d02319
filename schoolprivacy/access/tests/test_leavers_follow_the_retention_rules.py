"""Issue 16 item 3: the administration keeps reading what must be kept (enrolment and absence, 5
years after leaving) while teachers lose it when the pupil leaves, on the staff pupil page too;
and the access policy's periods are the register's retention rules, so the purge never deletes
what the policy still lets the administration read, nor keeps visible what it deleted."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from schoolprivacy.access.policy import (
    ENROLMENT_RECORDS_YEARS,
    LEFT_PUPIL_VISIBLE_YEARS,
    decide,
)
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Pupil
from schoolprivacy.register.defaults.retention import ENROLMENT_RECORDS, PUPIL_FILE

pytestmark = pytest.mark.django_db


def _left_three_years_ago(world) -> Pupil:
    left = date.today().replace(year=date.today().year - 3)
    Pupil.objects.filter(pk=world.pupil_a.pk).update(left_on=left)
    world.pupil_a.refresh_from_db()
    Record.objects.create(
        board=world.board,
        school=world.school_a,
        pupil=world.pupil_a,
        category_key="pupil.absence",
        title="Ongeoorloofd verzuim week 12",
        recorded_at=datetime(2023, 3, 20, tzinfo=UTC),
    )
    return world.pupil_a


def test_the_policy_periods_are_the_registers_rules():
    assert (ENROLMENT_RECORDS.years, ENROLMENT_RECORDS.months) == (ENROLMENT_RECORDS_YEARS, 0)
    assert (PUPIL_FILE.years, PUPIL_FILE.months) == (LEFT_PUPIL_VISIBLE_YEARS, 0)


def test_the_administration_reads_a_three_year_leavers_enrolment_data(world, staff_client):
    pupil = _left_three_years_ago(world)
    for key in ("pupil.enrolment", "pupil.absence", "pupil.identity"):
        assert decide(world.administration, pupil, key).allowed
    page = staff_client(world.administration).get(reverse("web:pupil", args=[pupil.pk]))
    assert page.status_code == 200
    assert "Ongeoorloofd verzuim week 12" in page.content.decode()


def test_a_teacher_loses_it_the_day_after_the_pupil_leaves(world, staff_client):
    yesterday = date.today() - timedelta(days=1)
    Pupil.objects.filter(pk=world.pupil_a.pk).update(left_on=yesterday)
    world.pupil_a.refresh_from_db()
    assert not decide(world.teacher, world.pupil_a, "pupil.enrolment").allowed
    page = staff_client(world.teacher).get(reverse("web:pupil", args=[world.pupil_a.pk]))
    assert page.status_code == 404


def test_a_teacher_does_not_read_a_three_year_leaver(world, staff_client):
    pupil = _left_three_years_ago(world)
    assert not decide(world.teacher, pupil, "pupil.enrolment").allowed
    page = staff_client(world.teacher).get(reverse("web:pupil", args=[pupil.pk]))
    assert page.status_code == 404
