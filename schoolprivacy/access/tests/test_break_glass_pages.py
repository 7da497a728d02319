"""The emergency-access form and the privacy officer's list of emergency accesses."""

import pytest
from django.urls import reverse

from schoolprivacy.access.models import BreakGlassAccess
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import staff_of

pytestmark = pytest.mark.django_db

REASON = "Leerling onwel geworden, medicatie nagaan"


def _url(pupil):
    return reverse("access:break_glass", args=[pupil.id])


def test_staff_of_the_school_get_the_form_for_a_pupil_they_know(world, staff_client):
    response = staff_client(world.teacher).get(_url(world.pupil_a), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "privacy officer" in response.content.decode()


@pytest.mark.parametrize("persona", ["teacher", "privacy_officer"])
def test_the_form_does_not_confirm_pupils_the_user_may_not_know(world, staff_client, persona):
    # pupil_a2 is in another group of the teacher's school: a 404, as for an unknown id.
    client = staff_client(getattr(world, persona))
    assert client.get(_url(world.pupil_a2)).status_code == 404
    assert client.post(_url(world.pupil_a2), {"reason": REASON, "confirm": "on"}).status_code == 404
    assert not BreakGlassAccess.objects.exists()


def test_opening_shows_a_confirmation_and_records_the_access(world, staff_client, mailoutbox):
    world.board.privacy_contact_email = "fg@stichting-demo.nl"
    world.board.save()
    response = staff_client(world.teacher).post(
        _url(world.pupil_a), {"reason": REASON, "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Emergency access is open" in response.content.decode()
    access = BreakGlassAccess.objects.get()
    assert access.staff == staff_of(world.teacher)
    assert access.reason == REASON
    assert len(mailoutbox) == 1


def test_it_needs_a_reason_and_confirmation(world, staff_client):
    client = staff_client(world.teacher)
    assert client.post(_url(world.pupil_a), {"reason": "", "confirm": "on"}).status_code == 200
    assert client.post(_url(world.pupil_a), {"reason": REASON}).status_code == 200
    assert not BreakGlassAccess.objects.exists()


@pytest.mark.parametrize("persona", ["other_board_staff", "teacher_b"])
def test_staff_of_another_board_or_school_get_a_404(world, staff_client, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(_url(world.pupil_a)).status_code == 404
    assert client.post(_url(world.pupil_a), {"reason": REASON, "confirm": "on"}).status_code == 404
    assert not BreakGlassAccess.objects.exists()


def test_parents_get_a_404(world, parent_client):
    assert parent_client(world.parent).get(_url(world.pupil_a)).status_code == 404


def test_the_privacy_officer_sees_every_emergency_access(world, staff_client):
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)
    response = staff_client(world.privacy_officer).get(reverse("access:break_glass_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert REASON in html
    assert staff_of(world.teacher).name in html
    assert world.pupil_a.name in html


@pytest.mark.parametrize(
    "persona", ["director", "teacher", "care_coordinator", "administration", "other_board_staff"]
)
def test_nobody_else_sees_the_list(world, staff_client, persona):
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)
    client = staff_client(getattr(world, persona))
    assert client.get(reverse("access:break_glass_list")).status_code == 404


def test_the_confirmation_leads_to_the_pupil_page(world, staff_client):
    client = staff_client(world.director)
    pupil_url = reverse("web:pupil", args=[world.pupil_a2.id])
    response = client.post(_url(world.pupil_a2), {"reason": REASON, "confirm": "on"})
    assert pupil_url in response.content.decode()
    assert client.get(pupil_url).status_code == 200
