"""`/` is one address for everyone; it sends each kind of visitor to their own start page."""

from django.urls import reverse


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_it_sends_parents_to_the_portal(world, parent_client):
    response = parent_client(world.parent).get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
