"""The group page lists the group's current pupils with their date of birth, and nobody else."""

from datetime import date

from django.urls import reverse

from schoolprivacy.people.models import GroupMembership
from schoolprivacy.testing import factories


def _group_page(world, staff_client) -> str:
    url = reverse("web:group", args=[world.group_a.id])
    return staff_client(world.teacher).get(url, headers={"Accept-Language": "en"}).content.decode()


def test_it_shows_name_school_year_and_pupils_with_date_of_birth(world, staff_client):
    html = _group_page(world, staff_client)

    assert "Groep 5a" in html
    assert "2026-2027" in html
    assert "Sanne Jansen" in html
    assert 'datetime="2017-03-14"' in html
    assert "03/14/2017" in html  # a date in a table: the short format (web/templatetags/dates.py)


def test_it_hides_pupils_of_other_groups(world, staff_client):
    html = _group_page(world, staff_client)

    assert "Daan Bakker" not in html
    assert "Noor Visser" not in html


def test_it_hides_pupils_who_left_the_school(world, staff_client):
    factories.make_pupil(
        group=world.group_a, first_name="Mila", surname="de Wit", left_on=date(2026, 9, 1)
    )

    assert "Mila" not in _group_page(world, staff_client)


def test_it_hides_pupils_who_moved_to_another_group(world, staff_client):
    moved = factories.make_pupil(group=world.group_a, first_name="Finn", surname="Smit")
    GroupMembership.objects.filter(pupil=moved).update(ends_on=date(2026, 10, 1))

    assert "Finn Smit" not in _group_page(world, staff_client)
