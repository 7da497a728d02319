"""The pupil list costs the same number of queries for 10 and for 1,000 visible pupils."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.web.tests.pupils.pupil_bulk import add_pupils


def _count(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator"])
@pytest.mark.parametrize("params", [{}, {"q": "kind"}], ids=["all", "search"])
def test_the_list_page_runs_constant_queries_from_10_to_1000_pupils(
    world, staff_client, persona, params
):
    client = staff_client(getattr(world, persona))
    url = reverse("web:pupils")
    add_pupils(world.group_a, 9)  # with Sanne Jansen: 10
    client.get(url)  # warm up: the first request may fill per-process caches

    with_10 = _count(client, url, **params)
    add_pupils(world.group_a, 990, surname="Zee")
    with_1000 = _count(client, url, **params)

    assert with_10 == with_1000
    assert "Zee" in client.get(url, {"page": 20}).content.decode()


def test_the_group_filter_runs_constant_queries_too(world, staff_client):
    client = staff_client(world.care_coordinator)
    url = reverse("web:pupils")
    add_pupils(world.group_a, 9)
    client.get(url)

    with_10 = _count(client, url, group=world.group_a.id)
    add_pupils(world.group_a, 990)
    assert _count(client, url, group=world.group_a.id) == with_10
