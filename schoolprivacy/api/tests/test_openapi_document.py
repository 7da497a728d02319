"""The OpenAPI document describes what the API answers (found by schemathesis, issue 18.5).

django-ninja files every schema under its class name in `components/schemas`: two different
classes with one name silently share one entry, so one of the two operations is documented with
the other's shape (GET /pupils/{id} was documented with the register's categories).
"""

import importlib
import pkgutil

import pytest
from ninja import Schema

import schoolprivacy
from schoolprivacy.api.refusals import INVALID_REQUEST, REFUSAL
from schoolprivacy.api.router import api


def _product_schemas() -> list[type[Schema]]:
    for module in pkgutil.walk_packages(schoolprivacy.__path__, "schoolprivacy."):
        if module.name.endswith("api") or ".api." in module.name:
            importlib.import_module(module.name)
    found = []
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("schoolprivacy.") and ".tests." not in cls.__module__:
            found.append(cls)
    return found


def test_schemas_that_share_a_name_have_the_same_shape():
    by_name: dict[str, dict[str, type[Schema]]] = {}
    for cls in _product_schemas():
        by_name.setdefault(cls.__name__, {})[cls.__module__] = cls
    assert "PupilDetailOut" in by_name  # the walk found the API's schemas
    clashes = [
        f"{name}: {sorted(classes)}"
        for name, classes in by_name.items()
        if len({repr(cls.model_json_schema()) for cls in classes.values()}) > 1
    ]
    assert clashes == []


@pytest.fixture
def document():
    return api.get_openapi_schema(path_prefix="/api/v1")


def test_the_pupil_answer_is_documented_with_its_own_categories(document):
    detail = document["paths"]["/api/v1/pupils/{pupil_id}"]["get"]["responses"]["200"]
    name = detail["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    categories = document["components"]["schemas"][name]["properties"]["categories"]
    item = categories["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][item]["required"]) == {
        "key",
        "special",
        "rule",
        "reason",
    }


def test_every_operation_documents_the_refusals_any_operation_can_give(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "404", "422"} <= set(responses), (method, path)
            invalid = responses["422"]["content"]["application/json"]["schema"]
            assert INVALID_REQUEST in repr(invalid), (method, path)
            assert REFUSAL in repr(responses["404"]), (method, path)
            if "requestBody" in operation:
                assert "400" in responses, (method, path)
