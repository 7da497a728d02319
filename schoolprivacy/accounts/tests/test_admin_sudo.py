"""Role changes in the admin need a recent re-authentication (sudo)."""

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.tests.conftest import confirm_sudo, events, make_admin_user
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world) -> Client:
    return sign_in_staff(Client(), make_admin_user(world.privacy_officer))


def _assignment(world) -> Assignment:
    return Assignment.objects.get(staff__user=world.teacher)


def _sudo_location(path: str) -> str:
    return "/inloggen/bevestigen/?next=" + path.replace("/", "%2F")


@pytest.mark.parametrize("view", ["add", "change", "delete"])
def test_role_changes_redirect_to_sudo(world, officer, view):
    args = [] if view == "add" else [_assignment(world).pk]
    path = reverse(f"admin:access_assignment_{view}", args=args)
    response = officer.get(path)
    assert response.status_code == 302
    assert response["Location"] == _sudo_location(path)


def test_a_bulk_action_on_the_list_needs_sudo_too(world, officer):
    path = reverse("admin:access_assignment_changelist")
    assert officer.get(path).status_code == 200
    response = officer.post(
        path, {"action": "delete_selected", "_selected_action": [_assignment(world).pk]}
    )
    assert response["Location"] == _sudo_location(path)
    assert Assignment.objects.filter(pk=_assignment(world).pk).exists()


@pytest.mark.parametrize("view", ["add", "change", "delete"])
def test_after_sudo_the_views_open(world, officer, view):
    confirm_sudo(officer, world.privacy_officer)
    args = [] if view == "add" else [_assignment(world).pk]
    assert officer.get(reverse(f"admin:access_assignment_{view}", args=args)).status_code == 200


def test_a_role_change_after_sudo_is_saved_and_audited(world, officer):
    confirm_sudo(officer, world.privacy_officer)
    assignment = _assignment(world)
    response = officer.post(
        reverse("admin:access_assignment_change", args=[assignment.pk]),
        {
            "staff": assignment.staff_id,
            "role": Role.CARE_COORDINATOR,
            "school": world.school_a.pk,
            "group": "",
            "starts_on": "2026-08-01",
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.role == Role.CARE_COORDINATOR
    (event,) = events("access.assignment.updated")
    assert event.actor_id == world.privacy_officer.id
    assert set(event.fields) == {"role", "group"}


def test_changing_an_account_needs_sudo(world, officer):
    path = reverse("admin:accounts_user_change", args=[world.teacher.pk])
    assert officer.get(path)["Location"] == _sudo_location(path)


def test_an_officer_cannot_grant_privileges(world, officer):
    confirm_sudo(officer, world.privacy_officer)
    page = officer.get(reverse("admin:accounts_user_change", args=[world.teacher.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
