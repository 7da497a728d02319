"""Integers larger than the database can hold are refused with a 4xx, never a 500 (issue 12.4).

The walk over the OpenAPI document covers every integer an operation takes (path, query, form
and JSON body), so a new endpoint with a bare `int` fails here before it reaches production.
"""

import re
from typing import Any

import pytest
from django.test import Client

from schoolprivacy.api.router import api
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.lib.api_ints import MAX_ID, parse_id

pytestmark = pytest.mark.django_db

HUGE = "100000000000000000000"  # 10**20: past a signed 64-bit integer
REFUSALS = {400, 404, 422}


def _document() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/api/v1")


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref.rsplit("/", 1)[-1]
    return _resolve(document["components"]["schemas"][name], document)


def _integers(schema: dict[str, Any], document: dict[str, Any], where: str) -> list[tuple]:
    """(where, schema) for every integer inside a parameter or body schema."""
    schema = _resolve(schema, document)
    found: list[tuple] = []
    if schema.get("type") == "integer":
        found.append((where, schema))
    for option in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        found += _integers(option, document, where)
    if "items" in schema:
        found += _integers(schema["items"], document, f"{where}[]")
    for name, prop in schema.get("properties", {}).items():
        found += _integers(prop, document, f"{where}.{name}")
    return found


def _inputs(document: dict[str, Any]) -> list[tuple]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                where = f"{label} {parameter['in']}:{parameter['name']}"
                found += _integers(parameter["schema"], document, where)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += _integers(content["schema"], document, f"{label} body")
    return found


def test_every_integer_input_of_the_api_is_bounded():
    inputs = _inputs(_document())
    # The walk must see the inputs we know of, or it proves nothing.
    names = {where for where, _schema in inputs}
    assert "GET /api/v1/pupils query:offset" in names
    assert "POST /api/v1/photos body.event" in names
    assert "POST /api/v1/pupils/{pupil_id}/records body.based_on" in names
    unbounded = [
        where
        for where, schema in inputs
        if "minimum" not in schema or schema.get("maximum", MAX_ID + 1) > MAX_ID
    ]
    assert unbounded == []


def _operations_with_integer_parameters() -> list[tuple[str, str, str, str]]:
    document = _document()
    cases = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query") and _integers(
                    parameter["schema"], document, ""
                ):
                    cases.append((method, path, parameter["in"], parameter["name"]))
    return cases


@pytest.mark.parametrize(
    ("method", "path", "where", "name"),
    _operations_with_integer_parameters(),
    ids=lambda value: str(value),
)
def test_a_huge_integer_parameter_is_refused_not_a_500(world, method, path, where, name):
    # The care coordinator sees pupils and groups; the privacy officer the audit log.
    user = world.privacy_officer if path.startswith("/api/v1/audit") else world.care_coordinator
    client = Client(raise_request_exception=False, headers=bearer(user))
    url = re.sub(r"{(\w+)}", lambda m: HUGE if m.group(1) == name else "1", path)
    query = {name: HUGE} if where == "query" else {}
    if method == "get":
        response = client.get(url, query)
    else:
        response = client.post(url, {}, content_type="application/json", QUERY_STRING="")
    assert response.status_code in REFUSALS, (url, query, response.content[:200])


@pytest.mark.parametrize("offset", [HUGE, "1e20", str(2**63)])
def test_a_huge_offset_on_a_list_is_a_422(client, world, offset):
    pupils = client.get(
        "/api/v1/pupils", {"offset": offset}, headers=bearer(world.care_coordinator)
    )
    events = client.get(
        "/api/v1/audit/events", {"offset": offset}, headers=bearer(world.privacy_officer)
    )
    assert (pupils.status_code, events.status_code) == (422, 422)


def test_a_large_but_possible_offset_is_an_empty_page(client, world):
    response = client.get(
        "/api/v1/pupils", {"offset": "10000000"}, headers=bearer(world.care_coordinator)
    )
    assert response.status_code == 200
    assert response.json() == {"count": 2, "items": []}


@pytest.mark.parametrize("by", [HUGE, str(2**63), "-1", "0", "1e3", "١٢"])
def test_a_consent_form_by_an_impossible_guardian_id_is_a_422(world, by):
    purposes_install_defaults(board=world.board, actor_id=None)
    client = Client(raise_request_exception=False, headers=bearer(world.administration))
    response = client.post(
        f"/api/v1/pupils/{world.pupil_a.pk}/consents",
        {
            "purpose": "website",
            "decision": "granted",
            "by": by,
            "method": "paper",
            "reference": "FORM-1",
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content[:200]
    assert not ConsentDecision.objects.exists()


def test_a_huge_pupil_id_in_a_face_tag_body_is_a_422(world):
    client = Client(raise_request_exception=False, headers=bearer(world.teacher))
    response = client.post(
        "/api/v1/photos/1/faces/1", {"pupil": int(HUGE)}, content_type="application/json"
    )
    assert response.status_code == 422


def test_ids_given_as_text_are_parsed_within_the_database_range():
    assert parse_id(" 42 ") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert [parse_id(v) for v in (str(MAX_ID + 1), "0", "-3", "x", "", "²")] == [None] * 6
