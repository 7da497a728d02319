"""Generated requests over /api/v1/openapi.json: no server errors, every answer as documented.

schemathesis reads the OpenAPI document the app serves and sends requests made from it (valid and
invalid ones) straight into the WSGI application, in process, each with the bearer token of a
persona of the board or of another board's staff. Every answer must not be a server error, must
have a documented status code and content type, and a body of the documented shape. Path ids
are drawn three times in four from rows that exist (so the checks see real answers, not only 404s).

The run is bounded and reproducible (derandomized, no example database): MAX_EXAMPLES per
operation and persona set, at least MINIMUM_CASES requests in all (issue 18.5).
"""

from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from schoolprivacy.api.tests.test_me import bearer

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
MINIMUM_CASES = 1_000
PERSONAS = (
    "privacy_officer",
    "care_coordinator",
    "teacher",
    "administration",
    "director",
    "other_board_staff",
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# The model behind each kind of id in a path, for drawing ids of rows that exist.
MODEL_OF_ID = {
    "school_id": "schools.School",
    "group_id": "schools.Group",
    "pupil_id": "people.Pupil",
    "photo_id": "photos.Photo",
    "face_id": "photos.Face",
    "publication_id": "photos.Publication",
    "video_id": "videos.Video",
    "video_publication_id": "videos.VideoPublication",
    "agreement_id": "suppliers.Agreement",
    "request_id": "requests.Request",
    "breach_id": "breaches.Breach",
}


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI handler stay inside the test's transaction.

    Django's handler closes old connections when a request starts and finishes; inside a test
    that would close the connection that holds the test's transaction (the test client avoids it
    the same way).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _existing_ids(name: str) -> list[int]:
    label = MODEL_OF_ID.get(name)
    if label is None:
        return []
    model = apps.get_model(label)
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:20])


def _use_existing_ids(case: Any, data: st.DataObject) -> None:
    for name in list(case.path_parameters or {}):
        ids = _existing_ids(name)
        if ids and data.draw(st.integers(0, 3), label=f"existing {name}?") > 0:
            case.path_parameters[name] = data.draw(st.sampled_from(ids), label=name)


def test_generated_requests_get_documented_answers_and_no_server_errors(world, in_process_requests):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = {persona: bearer(getattr(world, persona)) for persona in PERSONAS}
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # the walk must see the API, or it proves nothing

    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), persona=st.sampled_from(PERSONAS), data=st.data())
        def run(case, persona, data):
            _use_existing_ids(case, data)
            response = case.call(headers=headers[persona])
            sent[case.operation.label] += 1
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as failure:  # every operation's failures, not only the first
            failures.append(f"{operation.label}: {failure}")

    assert failures == [], "\n\n".join(failures)
    print(f"schemathesis: {sum(sent.values())} requests over {len(sent)} operations; {statuses}")
    assert sum(sent.values()) >= MINIMUM_CASES
    # Real answers, not only refusals: the ids drawn from existing rows must reach the code.
    assert statuses[200] + statuses[201] >= 100
