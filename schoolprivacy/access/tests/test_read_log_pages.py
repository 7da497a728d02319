"""The privacy officer's "who accessed pupil X" and "what did user Y access" pages."""

import pytest
from django.urls import reverse

from schoolprivacy.access.policy import visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.access.tests.helpers import staff_of
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

OTHERS = [
    "director",
    "teacher",
    "care_coordinator",
    "administration",
    "teacher_b",
    "other_board_staff",
]


@pytest.fixture
def read(world):
    decisions = visible_categories(world.care_coordinator, world.pupil_a)
    log_dossier_opened(world.care_coordinator, world.pupil_a, decisions)


def test_the_privacy_officer_sees_who_accessed_a_pupil(world, staff_client, read):
    url = reverse("access:pupil_reads", args=[world.pupil_a.id])
    response = staff_client(world.privacy_officer).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert staff_of(world.care_coordinator).name in html
    assert "Read special data" in html
    # The rule in words, once, not its code once per category (issue 17).
    assert "care coordinator of the pupil&#x27;s school" in html
    assert "school; care coordinator of the pupil" not in html
    assert "care.school" not in html


def test_the_privacy_officer_sees_what_a_user_accessed(world, staff_client, read):
    url = reverse("access:user_reads", args=[world.care_coordinator.id])
    response = staff_client(world.privacy_officer).get(url)
    assert response.status_code == 200
    assert world.pupil_a.name in response.content.decode()


def test_another_pupil_shows_nothing_of_this_read(world, staff_client, read):
    url = reverse("access:pupil_reads", args=[world.pupil_a2.id])
    html = staff_client(world.privacy_officer).get(url).content.decode()
    assert staff_of(world.care_coordinator).name not in html


@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_gets_a_404(world, staff_client, read, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(reverse("access:pupil_reads", args=[world.pupil_a.id])).status_code == 404
    url = reverse("access:user_reads", args=[world.care_coordinator.id])
    assert client.get(url).status_code == 404


def test_pupils_and_staff_of_another_board_are_a_404(world, staff_client):
    client = staff_client(world.privacy_officer)
    other = world.other_board_staff
    assert client.get(reverse("access:user_reads", args=[other.id])).status_code == 404
    elsewhere = factories.make_school(board=factories.make_board(name="Stichting Elders 2"))
    pupil = factories.make_pupil(group=factories.make_group(school=elsewhere))
    assert client.get(reverse("access:pupil_reads", args=[pupil.id])).status_code == 404


def test_parents_get_a_404(world, parent_client):
    url = reverse("access:pupil_reads", args=[world.pupil_a.id])
    assert parent_client(world.parent).get(url).status_code == 404
