"""Nobody gives themselves a role through the admin: the privacy officer cannot add a care
coordinator assignment to their own staff row and then read diagnoses (issue 11 §2)."""

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.access.policy import decide
from schoolprivacy.access.tests.helpers import DIAGNOSIS
from schoolprivacy.accounts.tests.conftest import confirm_sudo, make_admin_user
from schoolprivacy.people.models import Staff
from schoolprivacy.schools.models import School
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


def _add(client: Client, staff: Staff) -> int:
    response = client.post(
        reverse("admin:access_assignment_add"),
        {
            "staff": staff.pk,
            "role": Role.CARE_COORDINATOR,
            "school": School.objects.filter(board=staff.board).order_by("pk")[0].pk,
            "group": "",
            "starts_on": "2026-08-01",
            "ends_on": "",
        },
    )
    return response.status_code


@pytest.fixture
def officer(world) -> Client:
    client = sign_in_staff(Client(), make_admin_user(world.privacy_officer))
    confirm_sudo(client, world.privacy_officer)
    return client


def test_the_privacy_officer_cannot_make_themselves_care_coordinator(world, officer):
    own = Staff.objects.get(user=world.privacy_officer)
    assert _add(officer, own) == 200  # the form again, with the error
    assert not Assignment.objects.filter(staff=own, role=Role.CARE_COORDINATOR).exists()
    assert not decide(world.privacy_officer, world.pupil_a, DIAGNOSIS).allowed


def test_nor_change_their_own_assignment(world, officer):
    own = Assignment.objects.get(staff__user=world.privacy_officer)
    response = officer.post(
        reverse("admin:access_assignment_change", args=[own.pk]),
        {"staff": own.staff_id, "role": Role.PRIVACY_OFFICER, "school": "", "group": "",
         "starts_on": "2020-01-01", "ends_on": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "You cannot change your own roles" in response.text
    own.refresh_from_db()
    assert str(own.starts_on) != "2020-01-01"


def test_another_staff_member_can_be_given_the_role(world, officer):
    other = Staff.objects.get(user=world.teacher)
    assert _add(officer, other) == 302
    assert Assignment.objects.filter(staff=other, role=Role.CARE_COORDINATOR).exists()
