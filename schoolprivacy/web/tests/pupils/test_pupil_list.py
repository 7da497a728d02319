"""The pupil list shows only the pupils the policy lets the user see; search and group filter."""

import pytest
from django.urls import reverse

from schoolprivacy.testing import factories

URL = reverse("web:pupils")
ENGLISH = {"Accept-Language": "en"}


def _names(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_teacher_sees_only_the_pupils_of_their_group(world, staff_client):
    html = _names(staff_client(world.teacher).get(URL))

    assert "Sanne Jansen" in html
    assert "Daan Bakker" not in html  # another group of the same school
    assert "Noor Visser" not in html  # another school


def test_the_care_coordinator_sees_every_pupil_of_their_school(world, staff_client):
    html = _names(staff_client(world.care_coordinator).get(URL))

    assert "Sanne Jansen" in html
    assert "Daan Bakker" in html
    assert "Noor Visser" not in html


@pytest.mark.parametrize("persona", ["privacy_officer", "other_board_staff"])
def test_it_lists_no_pupils_to_staff_without_routine_access(world, staff_client, persona):
    html = _names(staff_client(getattr(world, persona)).get(URL, headers=ENGLISH))

    assert "You have no pupils to see at the moment." in html
    for name in ("Sanne Jansen", "Daan Bakker", "Noor Visser"):
        assert name not in html


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority", "parent_b"])
def test_it_is_a_404_for_parents(world, parent_client, persona):
    assert parent_client(getattr(world, persona)).get(URL).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_group_and_school_next_to_the_name(world, staff_client):
    html = _names(staff_client(world.care_coordinator).get(URL))

    row = html[html.index("Daan Bakker") :]
    assert row.index("Groep 7") < row.index("De Regenboog") < row.index("</tr>")


def test_it_finds_pupils_by_parts_of_their_name(world, staff_client):
    client = staff_client(world.care_coordinator)

    html = _names(client.get(URL, {"q": "daan bak"}))

    assert "Daan Bakker" in html
    assert "Sanne Jansen" not in html


def test_a_search_never_reaches_beyond_the_visible_pupils(world, staff_client):
    html = _names(staff_client(world.teacher).get(URL, {"q": "Daan"}, headers=ENGLISH))

    assert "Daan Bakker" not in html
    assert "No pupils match this search." in html


def test_it_filters_on_one_of_the_users_groups(world, staff_client):
    html = _names(staff_client(world.care_coordinator).get(URL, {"group": world.group_a2.id}))

    assert "Daan Bakker" in html
    assert "Sanne Jansen" not in html


def test_it_offers_only_the_users_own_groups_to_filter_on(world, staff_client):
    html = _names(staff_client(world.teacher).get(URL))

    assert f'value="{world.group_a.id}"' in html
    assert f'value="{world.group_a2.id}"' not in html
    assert f'value="{world.group_b.id}"' not in html


def test_a_group_of_someone_else_is_refused_not_applied(world, staff_client):
    client = staff_client(world.teacher)

    html = _names(client.get(URL, {"group": world.group_b.id}, headers=ENGLISH))

    assert "Select a valid choice" in html
    assert "Noor Visser" not in html


def test_it_pages_through_long_lists(world, staff_client):
    for n in range(55):
        factories.make_pupil(group=world.group_a2, first_name=f"Kind{n:02d}", surname="Zwart")
    client = staff_client(world.care_coordinator)

    first = _names(client.get(URL))
    second = _names(client.get(URL, {"page": 2}))

    assert first.count("Zwart") == 48  # 50 a page: Bakker and Jansen come first
    assert second.count("Zwart") == 7
    assert "?page=2" in first


def test_the_list_is_in_dutch_name_order_across_pages(world, staff_client, settings):
    """Sorted in the query, so a page of 50 is cut from the Dutch order: Çelik with the C,
    a lower-case name with its letter, before "de Wit" (prefix apart) and Zwart."""
    for surname in ("Zwart", "Wit", "Çelik", "öztürk"):
        factories.make_pupil(group=world.group_a, first_name="Kim", surname=surname)
    html = _names(staff_client(world.teacher).get(URL))

    positions = [html.index(f"Kim {name}") for name in ("Çelik", "öztürk", "Wit", "Zwart")]
    assert positions == sorted(positions)
    assert html.index("Sanne Jansen") < html.index("Kim öztürk")
