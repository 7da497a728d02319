"""The portal is for parents only: staff get 404, anonymous visitors the parents' sign-in."""

import pytest
from django.urls import reverse

STAFF = ["privacy_officer", "director", "teacher", "care_coordinator", "administration"]


@pytest.mark.parametrize("persona", STAFF)
def test_it_hides_the_portal_from_staff(world, staff_client, persona):
    response = staff_client(getattr(world, persona)).get(reverse("portal:home"))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", STAFF)
def test_it_hides_a_childs_page_from_staff(world, staff_client, persona):
    url = reverse("portal:child", args=[world.pupil_a.id])

    response = staff_client(getattr(world, persona)).get(url)

    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_the_parents_sign_in(db, client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:parent_login"))
