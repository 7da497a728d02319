"""A school page is a 404 for everyone who does not work at or for that school."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff"])
def test_it_hides_the_school_from_outsiders(world, staff_client, persona):
    url = reverse("web:school", args=[world.school_a.id])

    response = staff_client(getattr(world, persona)).get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority", "parent_b"])
def test_it_hides_the_school_from_parents(world, parent_client, persona):
    url = reverse("web:school", args=[world.school_a.id])

    response = parent_client(getattr(world, persona)).get(url)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["privacy_officer", "director", "teacher", "care_coordinator", "administration"],
)
def test_it_shows_the_school_to_its_staff_and_the_board(world, staff_client, persona):
    url = reverse("web:school", args=[world.school_a.id])

    response = staff_client(getattr(world, persona)).get(url)

    assert response.status_code == 200
    assert "De Regenboog" in response.content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    url = reverse("web:school", args=[world.school_a.id])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_answers_404_for_a_school_that_does_not_exist(world, staff_client):
    response = staff_client(world.director).get(reverse("web:school", args=[999_999]))

    assert response.status_code == 404
