"""Shared builders for the access tests."""

from datetime import date, timedelta

from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.services import grant_create
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.schools.models import Group, School

DIAGNOSIS = "pupil.care.diagnosis"
EDUCATION_NUMBER = "pupil.education_number"


def staff_of(user: User) -> Staff:
    return Staff.objects.get(user=user)


def make_grant(
    *,
    approver: User,
    grantee: User,
    school: School,
    category_key: str = DIAGNOSIS,
    scope: str = Grant.Scope.SCHOOL,
    group: Group | None = None,
    pupils: list[Pupil] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Grant:
    today = timezone.localdate()
    return grant_create(
        approver=approver,
        grantee=staff_of(grantee),
        school=school,
        category_key=category_key,
        scope=scope,
        group=group,
        pupils=pupils or [],
        starts_on=starts_on or today,
        ends_on=ends_on or today + timedelta(days=30),
        reason="Onderzoek naar leesproblemen in groep 5",
    )
