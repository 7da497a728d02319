"""The staff home lists a person's current roles and the schools and groups they may open."""

from datetime import date

from django.urls import reverse

from schoolprivacy.access.models import Assignment, Role

# Text checks read the English page, so they keep passing once Dutch translations exist.
ENGLISH = {"Accept-Language": "en"}


def test_it_lists_the_teachers_role_school_group_and_start_date(world, staff_client):
    response = staff_client(world.teacher).get("/", headers=ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Teacher" in html
    assert "De Regenboog" in html
    assert "Groep 5a" in html
    assert "since Aug. 1, 2026" in html


def test_it_links_the_schools_and_groups_the_teacher_may_open(world, staff_client):
    html = staff_client(world.teacher).get("/").content.decode()

    assert reverse("web:school", args=[world.school_a.id]) in html
    assert reverse("web:group", args=[world.group_a.id]) in html


def test_it_hides_groups_the_teacher_does_not_teach(world, staff_client):
    html = staff_client(world.teacher).get("/").content.decode()

    assert reverse("web:group", args=[world.group_a2.id]) not in html
    assert reverse("web:group", args=[world.group_b.id]) not in html
    assert reverse("web:school", args=[world.school_b.id]) not in html
    assert "Het Lyceum" not in html


def test_it_shows_the_privacy_officer_schools_but_no_groups(world, staff_client):
    html = staff_client(world.privacy_officer).get("/", headers=ENGLISH).content.decode()

    assert reverse("web:school", args=[world.school_a.id]) in html
    assert reverse("web:school", args=[world.school_b.id]) in html
    assert reverse("web:group", args=[world.group_a.id]) not in html
    assert "The whole board" in html


def test_it_leaves_out_ended_assignments(world, staff_client):
    Assignment.objects.filter(staff__user=world.teacher).update(ends_on=date(2026, 8, 31))
    staff = world.teacher.staff
    Assignment.objects.create(
        board=world.board,
        staff=staff,
        role=Role.TEACHER,
        school=world.school_a,
        group=world.group_a2,
        starts_on=date(2026, 9, 1),
    )

    html = staff_client(world.teacher).get("/").content.decode()

    assert reverse("web:group", args=[world.group_a2.id]) in html
    assert reverse("web:group", args=[world.group_a.id]) not in html
