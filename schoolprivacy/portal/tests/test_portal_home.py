"""The portal home lists a parent's children: school, relation, authority, and a link if allowed."""

from django.urls import reverse

from schoolprivacy.people.models import GuardianRelation

ENGLISH = {"Accept-Language": "en"}


def _home(parent_client, user) -> str:
    response = parent_client(user).get(reverse("portal:home"), headers=ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_child_with_school_relation_and_authority(world, parent_client):
    html = _home(parent_client, world.parent)

    assert "Sanne Jansen" in html
    assert "De Regenboog" in html
    assert "Parent" in html
    assert "Yes" in html
    assert reverse("portal:child", args=[world.pupil_a.id]) in html


def test_it_hides_children_of_other_parents(world, parent_client):
    html = _home(parent_client, world.parent)

    assert "Noor Visser" not in html
    assert "Daan Bakker" not in html


def test_it_gives_a_parent_without_authority_no_link(world, parent_client):
    html = _home(parent_client, world.parent_without_authority)

    assert "Sanne Jansen" in html
    assert reverse("portal:child", args=[world.pupil_a.id]) not in html
    assert "You do not have parental authority over Sanne" in html


def test_it_gives_a_restricted_parent_no_link(world, parent_client):
    GuardianRelation.objects.filter(guardian__user=world.parent).update(
        information_restriction=GuardianRelation.Restriction.COURT_ORDER,
        restriction_reason="Beschikking rechtbank",
    )

    html = _home(parent_client, world.parent)

    assert reverse("portal:child", args=[world.pupil_a.id]) not in html
    assert "cannot be shown online" in html
    # The reason is written by staff for the file; the portal does not publish it.
    assert "Beschikking rechtbank" not in html
