"""A parent who may not see a child's data online is told how to ask the school for it."""

from django.urls import reverse

ENGLISH = {"Accept-Language": "en"}


def test_it_names_the_boards_privacy_contact(world, parent_client):
    world.board.privacy_contact_email = "privacy@stichting-demo.nl"
    world.board.save()

    html = (
        parent_client(world.parent_without_authority)
        .get(reverse("portal:home"), headers=ENGLISH)
        .content.decode()
    )

    assert 'href="mailto:privacy@stichting-demo.nl"' in html
    assert "Stichting Demo" in html


def test_it_points_to_the_school_when_the_board_has_no_privacy_contact(world, parent_client):
    world.board.privacy_contact_email = ""
    world.board.save()

    html = (
        parent_client(world.parent_without_authority)
        .get(reverse("portal:home"), headers=ENGLISH)
        .content.decode()
    )

    assert "mailto:" not in html
    assert "ask the administration of De Regenboog" in html
