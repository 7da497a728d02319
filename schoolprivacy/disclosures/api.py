"""Disclosures over the API (mounted under /api/v1/ by `api.router`).

- GET /recipients: every recipient, the bases it may be given data on and the articles.
- POST /disclosures: 201 with the disclosure, or 422 with the gate's reason (translated).
- GET /pupils/{id}/disclosures: the pupil's disclosures.

404 for a pupil the caller may not list disclosures of, or record this disclosure for (never a
403 that confirms anything); 401 without a token (api_auth).
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from schoolprivacy.accounts.models import User
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.recipients import RECIPIENTS
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.selectors import disclosures_of_pupil, get_pupil_for_disclosures
from schoolprivacy.disclosures.services import disclosure_record
from schoolprivacy.lib.api_ints import Id

router = Router(tags=["disclosures"])


class ArticleOut(Schema):
    code: str
    citation: str
    summary: str
    categories: list[str]


class DisclosureRecipientOut(Schema):
    key: str
    name: str
    bases: list[str]
    articles: list[ArticleOut]
    consent_purpose: str
    may_receive_education_number: bool


class DisclosureIn(Schema):
    pupil: Id
    recipient: str = Field(..., max_length=40, description="A key from GET /recipients.")
    basis: Literal["legal_obligation", "consent"]
    article: str = Field(
        "", max_length=300, description="With legal_obligation: the article's code or citation."
    )
    categories: list[str] = Field(..., max_length=30, description="Taxonomy keys.")
    note: str = Field("", max_length=2000)
    recipient_name: str = Field("", max_length=200)
    absence_hours: int | None = Field(
        None, ge=0, le=1000, description="Leerplicht: hours of unauthorised absence."
    )
    shown_to_parents_on: date | None = Field(
        None, description="Transfer report from a primary school: when the parents saw it."
    )
    parent_remarks: str = Field("", max_length=4000)
    reference: str = Field("", max_length=100, description="A legal order's reference.")
    shown_to_parents: bool = Field(
        True, description="Veilig Thuis (meldcode) only: may the parents see it now."
    )


class DisclosureOut(Schema):
    id: int
    pupil: int
    recipient: str
    recipient_name: str
    basis: str
    article: str
    citation: str
    consent_purpose: str | None
    categories: list[str]
    note: str
    shown_to_parents: bool
    disclosed_at: datetime


class ErrorOut(Schema):
    detail: Any


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


def _out(d: Disclosure) -> dict[str, Any]:
    return {
        "id": d.pk,
        "pupil": d.pupil_id,
        "recipient": d.recipient,
        "recipient_name": d.recipient_name,
        "basis": d.basis,
        "article": d.article,
        "citation": d.citation,
        "consent_purpose": d.purpose.key if d.purpose else None,
        "categories": list(d.categories),
        "note": d.note,
        "shown_to_parents": d.shown_to_parents,
        "disclosed_at": d.disclosed_at,
    }


@router.get(
    "/recipients",
    response=list[DisclosureRecipientOut],
    summary="Recipients of pupil data, with the bases and articles each may rely on",
)
def list_recipients(request: Any) -> list[dict[str, Any]]:
    _caller(request)
    return [
        {
            "key": r.key,
            "name": str(r.name),
            "bases": list(r.bases),
            "articles": [
                {
                    "code": g.code,
                    "citation": g.citation,
                    "summary": str(g.summary),
                    "categories": sorted(g.categories),
                }
                for g in r.legal_grounds
            ],
            "consent_purpose": r.consent_purpose,
            "may_receive_education_number": r.may_receive_education_number,
        }
        for r in RECIPIENTS
    ]


@router.post(
    "/disclosures",
    response={201: DisclosureOut, 422: ErrorOut},
    summary="Record a disclosure: allowed only on a legal obligation or a valid consent",
)
def create_disclosure(request: Any, data: DisclosureIn) -> Status[Any]:
    user = _caller(request)
    pupil = get_pupil_for_disclosures(user, data.pupil)
    try:
        row = disclosure_record(
            actor=user,
            pupil=pupil,
            recipient=data.recipient,
            basis=data.basis,
            categories=data.categories,
            article=data.article,
            note=data.note,
            recipient_name=data.recipient_name,
            absence_hours=data.absence_hours,
            shown_to_parents_on=data.shown_to_parents_on,
            parent_remarks=data.parent_remarks,
            reference=data.reference,
            shown_to_parents=data.shown_to_parents,
            channel="api",
        )
    except PermissionDenied:
        raise Http404 from None
    except DisclosureRefused as refusal:
        return Status(422, {"detail": [str(m) for m in refusal.messages]})
    return Status(201, _out(row))


@router.get(
    "/pupils/{pupil_id}/disclosures",
    response=list[DisclosureOut],
    summary="A pupil's disclosures, newest first (404 when not visible)",
)
def pupil_disclosures(request: Any, pupil_id: Id) -> list[dict[str, Any]]:
    user = _caller(request)
    pupil = get_pupil_for_disclosures(user, pupil_id)
    return [_out(d) for d in disclosures_of_pupil(user, pupil)]
