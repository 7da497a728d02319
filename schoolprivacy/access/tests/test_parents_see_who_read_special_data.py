"""Parents' transparency: on the child's page, who read special data about the child, and when."""

import pytest

from schoolprivacy.access.policy import visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import staff_of

pytestmark = pytest.mark.django_db

HEADING = "Who read sensitive data about your child"


def _child_page(client, pupil):
    return client.get(f"/ouders/kinderen/{pupil.id}/", HTTP_ACCEPT_LANGUAGE="en")


def _care_coordinator_reads(world):
    decisions = visible_categories(world.care_coordinator, world.pupil_a)
    log_dossier_opened(world.care_coordinator, world.pupil_a, decisions)


def test_it_shows_the_role_and_name_after_a_care_coordinator_read(world, parent_client):
    _care_coordinator_reads(world)
    response = _child_page(parent_client(world.parent), world.pupil_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert HEADING in html
    assert staff_of(world.care_coordinator).name in html
    assert "Care coordinator" in html
    assert "Diagnoses and health" in html


def test_it_does_not_list_routine_reads_of_ordinary_data(world, parent_client):
    log_dossier_opened(
        world.teacher, world.pupil_a, visible_categories(world.teacher, world.pupil_a)
    )
    html = _child_page(parent_client(world.parent), world.pupil_a).content.decode()
    assert "Nobody has read sensitive data about your child." in html
    assert staff_of(world.teacher).name not in html


def test_it_lists_emergency_access(world, parent_client):
    break_glass_open(
        user=world.director, pupil=world.pupil_a, reason="Allergische reactie in de gymzaal"
    )
    html = _child_page(parent_client(world.parent), world.pupil_a).content.decode()
    assert "Emergency access opened" in html
    assert staff_of(world.director).name in html
    # The reason is for the privacy officer, not shown here.
    assert "gymzaal" not in html


def test_a_parent_of_another_child_gets_a_404(world, parent_client):
    _care_coordinator_reads(world)
    assert _child_page(parent_client(world.parent_b), world.pupil_a).status_code == 404


def test_a_parent_without_authority_gets_a_404(world, parent_client):
    _care_coordinator_reads(world)
    client = parent_client(world.parent_without_authority)
    assert _child_page(client, world.pupil_a).status_code == 404


def test_the_other_child_shows_no_reads_of_this_child(world, parent_client):
    _care_coordinator_reads(world)
    html = _child_page(parent_client(world.parent_b), world.pupil_b).content.decode()
    assert staff_of(world.care_coordinator).name not in html
