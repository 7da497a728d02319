"""Rights requests over the API (mounted under /api/v1/ by `api.router`; issue 14 item 8).

- POST /requests: the privacy officer, or the administration of the pupil's school, records a
  request received by letter, email, phone or at the desk; `received_on` may lie in the past.
- GET /requests/{id}: status and due date, for those who see the request (else 404).
- POST /requests/{id}/verify|extend|answer|refuse|close: the privacy officer of the board only
  (404 for everyone else); 409 when the request's state does not allow the step; 422 for bad input.
- GET /requests/{id}/package: the zip (PDF, JSON, CSV) of an inspection request once verified.

401 without a token (the API's authentication), 404 for anything outside one's scope.
"""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from schoolprivacy.access.rights import handler_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.lib.api_ints import Id
from schoolprivacy.requests import package as packages
from schoolprivacy.requests import services
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.links import package_ready
from schoolprivacy.requests.models import Request
from schoolprivacy.requests.selectors import get_request_for_staff, pupil_for_recording

router = Router(tags=["requests"])


class RequestIn(Schema):
    pupil: Id
    kind: Literal["access", "rectification", "erasure", "restriction", "objection"]
    received_on: date = Field(..., description="The day the school received it; may be past.")
    channel: Literal["letter", "email", "desk", "phone"]
    standing: Literal["authority", "own", "information_only"] = "authority"
    requester_name: str = Field("", max_length=200)
    identity_check: str = Field("", max_length=4000, description="How identity was checked.")
    description: str = Field("", max_length=4000)
    language: Literal["nl", "en"] = "nl"


class RequestOut(Schema):
    id: int
    pupil: int
    kind: str
    status: str
    channel: str
    standing: str
    received_on: date
    due_on: date
    extension_months: int
    package_ready: bool


class NoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)


class ExtendIn(Schema):
    months: int = Field(..., ge=1, le=2)
    reason: str = Field(..., min_length=1, max_length=4000)


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


def _out(r: Request) -> dict[str, Any]:
    return {
        "id": r.pk,
        "pupil": r.pupil_id,
        "kind": r.kind,
        "status": r.status,
        "channel": r.channel,
        "standing": r.standing,
        "received_on": r.received_on,
        "due_on": r.due_on,
        "extension_months": r.extension_months,
        "package_ready": package_ready(r),
    }


def _step(call: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return _out(call(channel="api", **kwargs))
    except TransitionRefused as exc:
        raise HttpError(409, exc.message) from None
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None


@router.post("/requests", response={201: RequestOut}, summary="Record a received request")
def create_request(request: Any, payload: RequestIn) -> Status[dict[str, Any]]:
    user = _caller(request)
    pupil = pupil_for_recording(user, payload.pupil)
    try:
        created = services.request_record(
            actor=user,
            pupil=pupil,
            kind=payload.kind,
            received_on=payload.received_on,
            channel=payload.channel,
            standing=payload.standing,
            requester_name=payload.requester_name,
            identity_check=payload.identity_check,
            description=payload.description,
            language=payload.language,
            api=True,
        )
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None
    return Status(201, _out(created))


@router.get("/requests/{request_id}", response=RequestOut, summary="A request, with due date")
def get_request(request: Any, request_id: Id) -> dict[str, Any]:
    return _out(get_request_for_staff(_caller(request), request_id))


@router.post("/requests/{request_id}/verify", response=RequestOut)
def verify(request: Any, request_id: Id, payload: NoteIn) -> dict[str, Any]:
    return _step(
        services.request_verify,
        actor=_caller(request),
        request_id=request_id,
        identity_check=payload.text,
    )


@router.post("/requests/{request_id}/extend", response=RequestOut)
def extend(request: Any, request_id: Id, payload: ExtendIn) -> dict[str, Any]:
    return _step(
        services.request_extend,
        actor=_caller(request),
        request_id=request_id,
        months=payload.months,
        reason=payload.reason,
    )


@router.post("/requests/{request_id}/answer", response=RequestOut)
def answer(request: Any, request_id: Id, payload: NoteIn) -> dict[str, Any]:
    return _step(
        services.request_answer, actor=_caller(request), request_id=request_id, answer=payload.text
    )


@router.post("/requests/{request_id}/refuse", response=RequestOut)
def refuse(request: Any, request_id: Id, payload: NoteIn) -> dict[str, Any]:
    return _step(
        services.request_refuse, actor=_caller(request), request_id=request_id, reason=payload.text
    )


@router.post("/requests/{request_id}/close", response=RequestOut)
def close(request: Any, request_id: Id) -> dict[str, Any]:
    return _step(services.request_close, actor=_caller(request), request_id=request_id)


@router.get("/requests/{request_id}/package", summary="The package (zip), once verified")
def package(request: Any, request_id: Id) -> HttpResponse:
    user = _caller(request)
    found = get_request_for_staff(user, request_id)
    if handler_board_id(user) != found.board_id:
        raise RequestNotFound  # the administration follows requests; the officer answers them
    if not package_ready(found):
        raise HttpError(409, "The package exists once an inspection request is verified.")
    built = packages.build(found)
    audit_record(
        action="requests.package.built",
        board_id=found.board_id,
        actor_id=user.pk,
        subjects=[
            Subject(subject_types.PUPIL, found.pupil_id),
            Subject(subject_types.REQUEST, found.pk),
        ],
        context={"categories": sorted(s.key for s in built.sections if s.rows)},
        channel="api",
    )
    response = HttpResponse(packages.as_zip(built), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="request-{found.pk}.zip"'
    return response
