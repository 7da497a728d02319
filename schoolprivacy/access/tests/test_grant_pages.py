"""The exception pages: directors for their school, the privacy officer for the board, 404 else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant, staff_of
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY

pytestmark = pytest.mark.django_db

OUTSIDERS = ["teacher", "care_coordinator", "administration", "teacher_b", "other_board_staff"]


def _with_sudo(client):
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def grant(world):
    return make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)


def test_the_director_sees_the_grants_of_their_school(world, staff_client, grant):
    response = staff_client(world.director).get(reverse("access:grant_list"))
    assert response.status_code == 200
    assert staff_of(world.teacher).name in response.content.decode()


def test_the_privacy_officer_sees_every_grant_of_the_board(world, staff_client, grant):
    other = make_grant(
        approver=world.privacy_officer, grantee=world.teacher_b, school=world.school_b
    )
    html = staff_client(world.privacy_officer).get(reverse("access:grant_list")).content.decode()
    assert reverse("access:grant_revoke", args=[grant.id]) in html
    assert reverse("access:grant_revoke", args=[other.id]) in html


def test_a_director_does_not_see_grants_of_another_school(world, staff_client):
    other = make_grant(
        approver=world.privacy_officer, grantee=world.teacher_b, school=world.school_b
    )
    client = staff_client(world.director)
    assert (
        reverse("access:grant_revoke", args=[other.id])
        not in client.get(reverse("access:grant_list")).content.decode()
    )
    assert client.get(reverse("access:grant_revoke", args=[other.id])).status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_everyone_else_gets_a_404(world, staff_client, grant, persona):
    client = _with_sudo(staff_client(getattr(world, persona)))
    for url in (
        reverse("access:grant_list"),
        reverse("access:grant_create"),
        reverse("access:grant_revoke", args=[grant.id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("access:grant_revoke", args=[grant.id]), {"confirm": "on"}).status_code
        == 404
    )
    assert Grant.objects.get(pk=grant.pk).revoked_at is None


def test_parents_get_a_404(world, parent_client):
    assert parent_client(world.parent).get(reverse("access:grant_list")).status_code == 404


def test_approving_needs_a_recent_sign_in(world, staff_client):
    response = staff_client(world.director).get(reverse("access:grant_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))


def test_the_director_approves_a_grant(world, staff_client):
    client = _with_sudo(staff_client(world.director))
    assert client.get(reverse("access:grant_create")).status_code == 200
    today = timezone.localdate()
    response = client.post(
        reverse("access:grant_create"),
        {
            "grantee": staff_of(world.teacher).id,
            "school": world.school_a.id,
            "category_key": DIAGNOSIS,
            "scope": Grant.Scope.PUPILS,
            "pupils": [world.pupil_a.id],
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=14)).isoformat(),
            "reason": "Handelingsplan opstellen met de IB'er",
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.approved_by == staff_of(world.director)
    assert list(grant.pupils.all()) == [world.pupil_a]


def test_the_form_shows_why_a_grant_is_refused(world, staff_client, settings):
    settings.LANGUAGE_CODE = "en"
    client = _with_sudo(staff_client(world.director))
    today = timezone.localdate()
    response = client.post(
        reverse("access:grant_create"),
        {
            "grantee": staff_of(world.teacher).id,
            "school": world.school_a.id,
            "category_key": DIAGNOSIS,
            "scope": Grant.Scope.GROUP,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=14)).isoformat(),
            "reason": "Zonder groep",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Choose a group of this school." in response.content.decode()
    assert not Grant.objects.exists()


def test_the_director_revokes_a_grant(world, staff_client, grant):
    client = staff_client(world.director)
    url = reverse("access:grant_revoke", args=[grant.id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert Grant.objects.get(pk=grant.pk).revoked_at is not None
