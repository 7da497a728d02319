"""The pupil list is reachable from the header and the home page of staff who have pupils."""

import pytest
from django.urls import reverse

PUPILS = reverse("web:pupils")


@pytest.mark.parametrize(
    "persona", ["teacher", "care_coordinator", "director", "administration", "teacher_b"]
)
def test_school_staff_find_the_pupil_list_in_the_header_and_on_home(world, staff_client, persona):
    html = staff_client(getattr(world, persona)).get("/").content.decode()

    assert f'<li><a href="{PUPILS}">' in html
    assert f'class="button" href="{PUPILS}"' in html


def test_the_privacy_officer_gets_no_pupil_list_link(world, staff_client):
    html = staff_client(world.privacy_officer).get("/").content.decode()

    assert PUPILS not in html


def test_the_link_is_marked_current_on_pupil_pages(world, staff_client):
    html = staff_client(world.teacher).get(reverse("web:pupil", args=[world.pupil_a.id]))

    assert f'href="{PUPILS}" aria-current="page"' in html.content.decode()
