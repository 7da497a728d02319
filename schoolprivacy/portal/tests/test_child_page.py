"""A child's page shows what the school has on file, only to a parent who may see it online."""

import pytest
from django.urls import reverse

from schoolprivacy.people.models import Guardian


def _url(world) -> str:
    return reverse("portal:child", args=[world.pupil_a.id])


def test_it_shows_the_child_and_the_parents_own_contact_details(world, parent_client):
    Guardian.objects.filter(user=world.parent).update(
        phone="06-12345678", address="Dorpsstraat 2, Utrecht"
    )

    response = parent_client(world.parent).get(_url(world), headers={"Accept-Language": "en"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanne Jansen" in html
    assert "March 14, 2017" in html
    assert "De Regenboog" in html
    assert "Groep 5a" in html
    assert "ouder@example.nl" in html
    assert "06-12345678" in html
    assert "Dorpsstraat 2, Utrecht" in html


@pytest.mark.parametrize("persona", ["parent_without_authority", "parent_b"])
def test_it_hides_the_child_from_parents_who_may_not_see_it(world, parent_client, persona):
    response = parent_client(getattr(world, persona)).get(_url(world))

    assert response.status_code == 404


def test_it_hides_another_parents_contact_details(world, parent_client):
    html = parent_client(world.parent).get(_url(world)).content.decode()

    assert "ex@example.nl" not in html
