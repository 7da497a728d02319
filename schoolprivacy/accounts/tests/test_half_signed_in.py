"""Password alone is not a sign-in: the second factor comes before anything else."""

import pytest

from schoolprivacy.accounts.tests.conftest import signed_in_with_password

pytestmark = pytest.mark.django_db


def test_a_half_signed_in_staff_member_cannot_reach_home(world):
    client = signed_in_with_password(world.teacher)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/tweede-stap/"


def test_a_half_signed_in_staff_member_cannot_reach_the_admin(world):
    world.teacher.is_staff = True
    world.teacher.is_superuser = True
    world.teacher.save()
    client = signed_in_with_password(world.teacher)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/tweede-stap/"


def test_a_half_signed_in_session_does_not_open_the_api(world):
    client = signed_in_with_password(world.teacher)
    assert client.get("/api/v1/me").status_code == 401


def test_a_half_signed_in_staff_member_can_still_sign_out(world):
    client = signed_in_with_password(world.teacher)
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/")["Location"] == "/inloggen/"


def test_the_public_privacy_statement_stays_readable_half_signed_in(world):
    client = signed_in_with_password(world.teacher)
    response = client.get(f"/privacy/{world.school_a.slug}/")
    assert response.status_code == 200
