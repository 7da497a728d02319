"""The pupil page shows only the categories the policy allows, and says why."""

import pytest
from django.urls import reverse

from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import (
    DIAGNOSIS_TEXT,
    EDUCATION_NUMBER,
    MEASURE_TEXT,
    diagnosis_and_measure,
)

ENGLISH = {"Accept-Language": "en"}


def _page(client, pupil, **params) -> str:
    response = client.get(reverse("web:pupil", args=[pupil.id]), params, headers=ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def test_the_care_coordinator_sees_the_diagnosis_and_the_measure(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    html = _page(staff_client(world.care_coordinator), world.pupil_a)

    assert DIAGNOSIS_TEXT in html
    assert MEASURE_TEXT in html
    assert "special data" in html
    assert "Follows from:" in html


def test_the_teacher_sees_the_measure_but_not_the_diagnosis(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    html = _page(staff_client(world.teacher), world.pupil_a)

    assert MEASURE_TEXT in html
    assert DIAGNOSIS_TEXT not in html
    assert "Dyslexie" not in html
    # Not even that the measure follows from something the teacher may not read.
    assert "Follows from:" not in html


def test_it_says_why_the_user_sees_the_pupil(world, staff_client):
    html = _page(staff_client(world.teacher), world.pupil_a)

    assert "Why you see this" in html
    assert "You teach a group this pupil is in now." in html
    assert "Groep 5a" in html


@pytest.mark.parametrize(
    ("persona", "pupil"),
    [
        ("teacher", "pupil_a2"),
        ("teacher", "pupil_b"),
        ("teacher_b", "pupil_a"),
        ("care_coordinator", "pupil_b"),
        ("other_board_staff", "pupil_a"),
        ("privacy_officer", "pupil_a"),
    ],
)
def test_it_is_a_404_for_staff_who_may_not_see_the_pupil(world, staff_client, persona, pupil):
    url = reverse("web:pupil", args=[getattr(world, pupil).id])

    assert staff_client(getattr(world, persona)).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority", "parent_b"])
def test_it_is_a_404_for_parents_even_of_this_pupil(world, parent_client, persona):
    url = reverse("web:pupil", args=[world.pupil_a.id])

    assert parent_client(getattr(world, persona)).get(url).status_code == 404


def test_it_is_a_404_for_a_pupil_that_does_not_exist(world, staff_client):
    url = reverse("web:pupil", args=[world.pupil_b.id + 1000])

    assert staff_client(world.care_coordinator).get(url).status_code == 404


def test_the_administration_sees_the_education_number_only_when_it_asks(world, staff_client):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    client = staff_client(world.administration)

    masked = _page(client, world.pupil_a)
    shown = _page(client, world.pupil_a, onderwijsnummer="tonen")

    assert EDUCATION_NUMBER not in masked
    assert "Show the education number" in masked
    assert EDUCATION_NUMBER in shown


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator", "director"])
def test_other_roles_never_see_the_education_number(world, staff_client, persona):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)

    html = _page(staff_client(getattr(world, persona)), world.pupil_a, onderwijsnummer="tonen")

    assert EDUCATION_NUMBER not in html
    assert "Show the education number" not in html


def test_it_links_to_emergency_access(world, staff_client):
    html = _page(staff_client(world.teacher), world.pupil_a)

    assert reverse("access:break_glass", args=[world.pupil_a.id]) in html


def test_it_offers_record_entry_only_to_those_who_may_write(world, staff_client):
    entry = reverse("web:record_new", args=[world.pupil_a.id])

    assert entry in _page(staff_client(world.teacher), world.pupil_a)
    assert entry not in _page(staff_client(world.director), world.pupil_a)
