"""Who may approve a grant, for what, and how it is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide
from schoolprivacy.access.services import GRANT_MAX_DAYS
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant, staff_of
from schoolprivacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_location_director_approves_for_their_own_school(world):
    grant = make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    assert grant.approved_by == staff_of(world.director)
    assert grant.board_id == world.board.id


def test_the_location_director_cannot_approve_for_another_school(world):
    with pytest.raises(ValidationError):
        make_grant(approver=world.director, grantee=world.teacher_b, school=world.school_b)


def test_the_privacy_officer_approves_for_every_school_of_the_board(world):
    make_grant(approver=world.privacy_officer, grantee=world.teacher_b, school=world.school_b)
    assert decide(world.teacher_b, world.pupil_b, DIAGNOSIS).rule == "grant"


@pytest.mark.parametrize(
    "persona", ["teacher", "care_coordinator", "administration", "other_board_staff"]
)
def test_other_staff_cannot_approve(world, persona):
    with pytest.raises(ValidationError):
        make_grant(approver=getattr(world, persona), grantee=world.teacher, school=world.school_a)


def test_nobody_approves_their_own_exception(world):
    with pytest.raises(ValidationError):
        make_grant(approver=world.director, grantee=world.director, school=world.school_a)


def test_the_database_refuses_a_self_approved_grant(world):
    grant = make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    with pytest.raises(IntegrityError):
        Grant.objects.filter(pk=grant.pk).update(approved_by=grant.grantee)


def test_a_grant_ends_within_a_year(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        make_grant(
            approver=world.director,
            grantee=world.teacher,
            school=world.school_a,
            starts_on=today,
            ends_on=today + timedelta(days=GRANT_MAX_DAYS + 1),
        )


def test_a_group_grant_needs_a_group_of_the_school(world):
    with pytest.raises(ValidationError):
        make_grant(
            approver=world.privacy_officer,
            grantee=world.teacher,
            school=world.school_a,
            scope=Grant.Scope.GROUP,
            group=world.group_b,
        )


def test_a_pupil_grant_needs_pupils_of_the_school(world):
    with pytest.raises(ValidationError):
        make_grant(
            approver=world.privacy_officer,
            grantee=world.teacher,
            school=world.school_a,
            scope=Grant.Scope.PUPILS,
            pupils=[world.pupil_b],
        )


def test_a_grant_is_for_pupil_data_only(world):
    with pytest.raises(ValidationError):
        make_grant(
            approver=world.director,
            grantee=world.teacher,
            school=world.school_a,
            category_key="staff.activity",
        )


def test_a_group_grant_covers_the_pupils_in_the_group_now(world):
    make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a2,
    )
    assert decide(world.teacher, world.pupil_a2, DIAGNOSIS).rule == "grant"
    assert not decide(world.teacher, world.pupil_a, DIAGNOSIS).allowed


def test_approval_is_audited_without_the_reason(world):
    grant = make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    event = AuditEvent.objects.get(action="access.grant.created")
    assert event.actor_id == world.director.id
    assert {"type": "access.grant", "id": grant.id} in event.subjects
    assert {"type": "accounts.user", "id": world.teacher.id} in event.subjects
    assert event.context["category"] == DIAGNOSIS
    assert "leesproblemen" not in str(event.context)
