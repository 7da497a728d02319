"""The group page costs the same number of queries for a small and a large group."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.testing import factories


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_for_5_and_50_pupils(world, staff_client):
    group = factories.make_group(school=world.school_a, name="Groep 8", year_level=8)
    for n in range(5):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Vijf")
    client = staff_client(world.care_coordinator)
    url = reverse("web:group", args=[group.id])
    client.get(url)  # warm up: the first request may fill per-process caches

    with_5 = _count_queries(client, url)
    for n in range(45):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Vijftig")
    with_50 = _count_queries(client, url)

    assert with_5 == with_50
    assert client.get(url).content.decode().count("Vijftig") == 45
