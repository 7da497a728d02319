"""The refusals every operation can answer, written into the OpenAPI document.

django-ninja documents only the statuses an operation names itself, but any operation can also
answer 401 (no valid token or verified session), 404 (not there, or not the caller's to see) and
422 (the request does not match the operation's parameters); one with a body also 400 (a body
that is not JSON). Clients and generated tests read the document, so it lists them all, with the
shape ninja gives them: `{"detail": "..."}`, or for 422 `{"detail": [{...}, ...]}`.
"""

from typing import Any

from ninja import NinjaAPI

REFUSAL = "Refusal"
INVALID_REQUEST = "InvalidRequest"

_SCHEMAS: dict[str, dict[str, Any]] = {
    REFUSAL: {
        "title": REFUSAL,
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    INVALID_REQUEST: {
        "title": INVALID_REQUEST,
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "loc": {"type": "array"},
                        "msg": {"type": "string"},
                    },
                    "required": ["type", "loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}

_DESCRIPTIONS = {
    "400": "The body is not JSON",
    "401": "No valid token or verified staff session",
    "404": "Not there, or not the caller's to see",
    "422": "The request does not match the operation's parameters",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _add_refusals(operation: dict[str, Any]) -> None:
    # ninja keys responses by int status; JSON keys are strings: one key per status.
    responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
    operation["responses"] = responses
    statuses = ["401", "404", "422"] + (["400"] if "requestBody" in operation else [])
    for status in statuses:
        documented = responses.get(status)
        shape = _ref(INVALID_REQUEST if status == "422" else REFUSAL)
        if documented is None:
            responses[status] = {"description": _DESCRIPTIONS[status], "content": _json(shape)}
            continue
        content = documented.setdefault("content", {}).get("application/json")
        if content is None:
            documented["content"]["application/json"] = {"schema": shape}
        elif content.get("schema") != shape:
            content["schema"] = {"anyOf": [content["schema"], shape]}


def document_refusals(document: dict[str, Any]) -> dict[str, Any]:
    """Add the common refusals to every operation of an OpenAPI document (in place)."""
    document.setdefault("components", {}).setdefault("schemas", {}).update(_SCHEMAS)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            _add_refusals(operation)
    return document


class RefusalsDocumentedAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists the refusals every operation can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_refusals(document)
        return document
