"""GET /api/v1/pupils costs the same number of queries for 10 and for 1,000 visible pupils."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.web.tests.pupils.pupil_bulk import add_pupils

pytestmark = pytest.mark.django_db


def _count(client, headers: dict[str, str], **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/pupils", params, headers=headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator"])
@pytest.mark.parametrize(
    "params", [{}, {"q": "kind"}, {"limit": 200}], ids=["default", "search", "limit-200"]
)
def test_it_runs_constant_queries_from_10_to_1000_pupils(client, world, persona, params):
    headers = bearer(getattr(world, persona))
    add_pupils(world.group_a, 9)
    client.get("/api/v1/pupils", headers=headers)  # warm up

    with_10 = _count(client, headers, **params)
    add_pupils(world.group_a, 990)
    with_1000 = _count(client, headers, **params)

    assert with_10 == with_1000
    assert client.get("/api/v1/pupils", headers=headers).json()["count"] >= 1000
