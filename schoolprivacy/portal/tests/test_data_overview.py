"""The portal's data overview: per category, from the register, with suppliers."""

import pytest
from django.urls import reverse

from schoolprivacy.register.services.defaults import register_install_defaults


def test_it_groups_the_register_by_category(world, parent_client):
    register_install_defaults(board=world.board, actor_id=None)
    url = reverse("portal:data_overview", args=[world.pupil_a.id])
    response = parent_client(world.parent).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="dossier-section"') > 3
    assert "Topicus" in page or "ParnasSys" in page


def test_it_says_so_when_there_is_no_register(world, parent_client):
    url = reverse("portal:data_overview", args=[world.pupil_a.id])
    assert parent_client(world.parent).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["parent_b", "parent_without_authority"])
def test_other_parents_get_404(world, parent_client, persona):
    url = reverse("portal:data_overview", args=[world.pupil_a.id])
    assert parent_client(getattr(world, persona)).get(url).status_code == 404


def test_staff_get_404(world, staff_client):
    url = reverse("portal:data_overview", args=[world.pupil_a.id])
    assert staff_client(world.teacher).get(url).status_code == 404
