"""The exception form chooses no colleague by itself, offers search, and the list names pupils
(issue 19)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant, staff_of
from schoolprivacy.access.tests.test_grant_pages import _with_sudo


def test_no_colleague_is_preselected_and_lists_can_be_searched(world, staff_client):
    client = _with_sudo(staff_client(world.director))

    response = client.get(reverse("access:grant_create"))

    form = response.context["form"]
    assert form["grantee"].value() is None
    text = response.content.decode()
    grantee = text[
        text.index('name="grantee"') : text.index("</select>", text.index('name="grantee"'))
    ]
    assert '<option value="" selected>' in grantee
    assert "selected" not in grantee.replace('<option value="" selected>', "")
    assert 'data-search="' in grantee
    pupils = text[text.index('name="pupils"') :]
    assert 'data-search="' in pupils.split(">", 1)[0]


def test_submitting_without_choosing_a_colleague_is_refused(world, staff_client):
    client = _with_sudo(staff_client(world.director))
    today = timezone.localdate()

    response = client.post(
        reverse("access:grant_create"),
        {
            "grantee": "",
            "school": world.school_a.id,
            "category_key": DIAGNOSIS,
            "scope": Grant.Scope.SCHOOL,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=14)).isoformat(),
            "reason": "Handelingsplan opstellen met de IB'er",
        },
    )

    assert response.status_code == 200
    assert not Grant.objects.exists()


def test_the_list_names_the_pupils_of_a_grant(world, staff_client):
    make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_a, world.pupil_a2],
    )

    text = (
        _with_sudo(staff_client(world.director)).get(reverse("access:grant_list")).content.decode()
    )

    # Bakker before Jansen: Dutch order.
    assert "Daan Bakker, Sanne Jansen" in text
    assert staff_of(world.teacher).name in text
