"""The school page: name, BRIN, kind, locations with their director, and this year's groups."""

from datetime import date

from django.urls import reverse

from schoolprivacy.schools.models import Group, Location, SchoolYear


def test_it_shows_brin_kind_and_locations_with_their_director(world, staff_client):
    director = world.director.staff
    Location.objects.create(
        board=world.board,
        school=world.school_a,
        name="Hoofdgebouw",
        location_code=f"{world.school_a.brin}00",
        address="Schoolstraat 1, Utrecht",
        director=director,
    )

    html = (
        staff_client(world.director)
        .get(reverse("web:school", args=[world.school_a.id]), headers={"Accept-Language": "en"})
        .content.decode()
    )

    assert world.school_a.brin in html
    assert "primary school" in html.lower()
    assert "Hoofdgebouw" in html
    assert "Schoolstraat 1, Utrecht" in html
    assert director.name in html


def test_it_shows_the_director_every_group_of_the_school(world, staff_client):
    html = (
        staff_client(world.director)
        .get(reverse("web:school", args=[world.school_a.id]))
        .content.decode()
    )

    assert reverse("web:group", args=[world.group_a.id]) in html
    assert reverse("web:group", args=[world.group_a2.id]) in html


def test_it_hides_groups_the_teacher_may_not_open(world, staff_client):
    html = (
        staff_client(world.teacher)
        .get(reverse("web:school", args=[world.school_a.id]))
        .content.decode()
    )

    assert reverse("web:group", args=[world.group_a.id]) in html
    assert reverse("web:group", args=[world.group_a2.id]) not in html


def test_it_hides_groups_of_other_schools(world, staff_client):
    html = (
        staff_client(world.privacy_officer)
        .get(reverse("web:school", args=[world.school_a.id]))
        .content.decode()
    )

    assert reverse("web:group", args=[world.group_b.id]) not in html


def test_it_leaves_out_groups_of_last_school_year(world, staff_client):
    last_year = SchoolYear.objects.create(
        board=world.board, name="2025-2026", starts_on=date(2025, 8, 1), ends_on=date(2026, 7, 31)
    )
    old = Group.objects.create(
        board=world.board,
        school=world.school_a,
        school_year=last_year,
        name="Groep 4a",
        year_level=4,
    )

    html = (
        staff_client(world.director)
        .get(reverse("web:school", args=[world.school_a.id]))
        .content.decode()
    )

    assert reverse("web:group", args=[old.id]) not in html
