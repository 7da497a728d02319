"""A group's pupil list is a 404 for everyone who does not teach or support that group."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "privacy_officer"])
def test_it_hides_the_group_from_staff_without_a_reason_to_see_it(world, staff_client, persona):
    url = reverse("web:group", args=[world.group_a.id])

    response = staff_client(getattr(world, persona)).get(url)

    assert response.status_code == 404


def test_it_hides_another_group_of_the_same_school_from_a_teacher(world, staff_client):
    url = reverse("web:group", args=[world.group_a2.id])

    response = staff_client(world.teacher).get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority", "parent_b"])
def test_it_hides_the_group_from_parents(world, parent_client, persona):
    url = reverse("web:group", args=[world.group_a.id])

    response = parent_client(getattr(world, persona)).get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "director", "care_coordinator", "administration"])
def test_it_shows_the_group_to_its_teacher_and_school_staff(world, staff_client, persona):
    url = reverse("web:group", args=[world.group_a.id])

    response = staff_client(getattr(world, persona)).get(url)

    assert response.status_code == 200
    assert "Sanne Jansen" in response.content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    response = client.get(reverse("web:group", args=[world.group_a.id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
