"""The pupil page costs the same queries for 5 and for 50 records and pupils, and asks for the
user's grants and emergency accesses once per request however many decisions it needs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.dossier.services import record_create
from schoolprivacy.web.tests.pupils.pupil_bulk import add_pupils

pytestmark = pytest.mark.django_db

KINDS = ("pupil.observations", "pupil.care.measures")


def _add_records(user, pupil, numbers: range) -> None:
    for n in numbers:
        record_create(actor=user, pupil=pupil, category_key=KINDS[n % 2], title=f"Notitie {n}")


def _queries(client, pupil) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:pupil", args=[pupil.id]))
    assert response.status_code == 200
    return queries


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator"])
def test_the_pupil_page_runs_constant_queries_from_5_to_50(world, staff_client, persona):
    user = getattr(world, persona)
    client = staff_client(user)
    _add_records(world.care_coordinator, world.pupil_a, range(5))
    add_pupils(world.group_a, 5)
    client.get(reverse("web:pupil", args=[world.pupil_a.id]))  # warm up

    with_5 = len(_queries(client, world.pupil_a))
    _add_records(world.care_coordinator, world.pupil_a, range(5, 50))
    add_pupils(world.group_a, 45)
    with_50 = _queries(client, world.pupil_a)

    assert len(with_50) == with_5
    html = client.get(reverse("web:pupil", args=[world.pupil_a.id])).text
    assert "Notitie 48" in html


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator"])
def test_grants_and_emergency_access_are_read_once_per_page(world, staff_client, persona):
    client = staff_client(getattr(world, persona))
    for url in (reverse("web:pupil", args=[world.pupil_a.id]), reverse("web:pupils")):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = [q["sql"] for q in queries.captured_queries]
        assert sum('FROM "access_grant"' in s for s in sql) == 1, url
        assert sum('FROM "access_breakglassaccess"' in s for s in sql) == 1, url
