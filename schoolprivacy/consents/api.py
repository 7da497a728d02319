"""Consent over the API: guardians of a pupil, a pupil's consents, paper forms, class overviews.

Status codes:

- 404 for a pupil or group the caller may not see, and for guardian data the caller's role does
  not need (access.policy, `guardian.identity`); never a 403 that confirms existence.
- POST /pupils/{id}/consents: 201 with the decision; 403 when the caller sees the pupil but is
  not the administration or director of the pupil's school; 422 with a translated message when
  a consent rule forbids the decision (no authority, pupil 16+, deadline passed, ...).
"""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from schoolprivacy.access.policy import decide, get_visible_pupil
from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.access.schools import get_group_for_user
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import ConsentDecision, Method
from schoolprivacy.consents.rules import ConsentRuleError, statuses_for_pupils
from schoolprivacy.consents.selectors import purpose_by_key, purposes_for_school
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.lib.api_ints import Id, parse_id
from schoolprivacy.people.models import GuardianRelation, Pupil

router = Router(tags=["consents"])


class GuardianOut(Schema):
    id: int
    name: str
    has_authority: bool
    kind: str


class ConsentOut(Schema):
    purpose: str
    status: str
    text_version: int | None
    decided_at: datetime | None
    allows_processing: bool


class ConsentIn(Schema):
    purpose: str = Field(..., description="The purpose key, e.g. website.")
    decision: Literal["granted", "refused", "withdrawn"]
    by: str = Field(..., description='A guardian ID, or "pupil" for a pupil aged 16+.')
    method: Literal["paper"] = "paper"
    reference: str = Field(..., min_length=1, max_length=60)
    evidence: str = Field("", max_length=120)
    signed_at: datetime | None = Field(None, description="When the form was signed; default now.")


class DecisionOut(Schema):
    id: int
    purpose: str
    decision: str
    text_version: int
    decided_at: datetime


class PupilConsentsOut(Schema):
    pupil_id: int
    consents: list[ConsentOut]


class ErrorOut(Schema):
    detail: Any


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


def _consents(pupils: list[Pupil]) -> list[dict[str, Any]]:
    """Per pupil, the status of every purpose of their school (a constant number of queries
    per school)."""
    out = []
    by_school: dict[int, list[Pupil]] = {}
    for pupil in pupils:
        by_school.setdefault(pupil.school_id, []).append(pupil)
    for school_pupils in by_school.values():
        purposes = purposes_for_school(school_pupils[0].school)
        statuses = statuses_for_pupils(school_pupils, purposes)
        for pupil in school_pupils:
            rows = []
            for p in purposes:
                s = statuses[(pupil.pk, p.pk)]
                rows.append(
                    {
                        "purpose": p.key,
                        "status": s.status,
                        "text_version": s.text_version,
                        "decided_at": s.decided_at,
                        "allows_processing": s.allows_processing,
                    }
                )
            out.append({"pupil_id": pupil.pk, "consents": rows})
    return out


@router.get(
    "/pupils/{pupil_id}/guardians",
    response=list[GuardianOut],
    summary="The pupil's parents and guardians, with parental authority (404 when not visible)",
)
def list_guardians(request: Any, pupil_id: Id) -> list[dict[str, Any]]:
    user = _caller(request)
    pupil = get_visible_pupil(user, pupil_id)
    # Names with parental authority: a teacher reads parents' names and contact details on the
    # pupil page (issue 19), but who holds authority only the administration and care need.
    if not all(
        decide(user, pupil, key).allowed for key in ("guardian.identity", "guardian.authority")
    ):
        raise Http404
    relations = GuardianRelation.objects.filter(pupil=pupil, board_id=pupil.board_id)
    return [
        {
            "id": r.guardian_id,
            "name": r.guardian.name,
            "has_authority": r.has_parental_authority,
            "kind": r.kind,
        }
        for r in relations.select_related("guardian").order_by("guardian__surname", "pk")
    ]


@router.get(
    "/pupils/{pupil_id}/consents",
    response=list[ConsentOut],
    summary="The pupil's consent status per purpose (unanswered is no)",
)
def list_consents(request: Any, pupil_id: Id) -> list[dict[str, Any]]:
    pupil = get_visible_pupil(_caller(request), pupil_id)
    rows: list[dict[str, Any]] = _consents([pupil])[0]["consents"]
    return rows


@router.post(
    "/pupils/{pupil_id}/consents",
    response={201: DecisionOut, 403: ErrorOut, 422: ErrorOut},
    summary="Record a paper consent form (administration or director of the pupil's school)",
)
def record_consent(request: Any, pupil_id: Id, data: ConsentIn) -> Status[Any]:
    user = _caller(request)
    pupil = get_visible_pupil(user, pupil_id)
    purpose = purpose_by_key(pupil.school, data.purpose, active_only=False)
    if purpose is None:
        return Status(422, {"detail": f"Unknown purpose {data.purpose!r}."})
    guardian = None
    if data.by != "pupil":
        # An ID no row can have (text, 0, past 64 bits) is simply not a linked guardian.
        guardian_id = parse_id(data.by)
        relation = (
            GuardianRelation.objects.filter(pupil=pupil, guardian_id=guardian_id)
            .select_related("guardian")
            .first()
            if guardian_id is not None
            else None
        )
        if relation is None:
            return Status(422, {"detail": "The guardian is not linked to this pupil."})
        guardian = relation.guardian
    try:
        row: ConsentDecision = consent_decide(
            actor=user,
            pupil=pupil,
            purpose=purpose,
            decision=data.decision,
            by_guardian=guardian,
            by_pupil=guardian is None,
            method=Method.PAPER,
            reference=data.reference,
            evidence=data.evidence,
            decided_at=data.signed_at,
            channel="api",
        )
    except PermissionDenied:
        message = "Only the administration or director of the school records forms."
        raise HttpError(403, message) from None
    except ConsentRuleError as error:
        return Status(422, {"detail": [str(m) for m in error.messages]})
    return Status(
        201,
        {
            "id": row.pk,
            "purpose": purpose.key,
            "decision": row.decision,
            "text_version": row.text.version,
            "decided_at": row.decided_at,
        },
    )


@router.get(
    "/groups/{group_id}/consents",
    response=list[PupilConsentsOut],
    summary="Class overview: every pupil's consent status per purpose",
)
def group_consents(request: Any, group_id: Id) -> list[dict[str, Any]]:
    user = _caller(request)
    group = get_group_for_user(user, group_id)
    pupils = list(pupils_in_group(user, group).select_related("school"))
    return _consents(pupils)
