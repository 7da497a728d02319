"""Breaches over the API (mounted under /api/v1/ by `api.router`).

- POST /breaches: any staff member reports an incident (`aware_at` with its time zone,
  `description`, `systems` as named in the register); 201 with the 72-hour deadline.
- GET /breaches/{id}: the incident with `notify_by`, for the board's privacy officer; 404 for
  everyone else (never a 403 that confirms it exists). 401 without a token (api_auth).
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from schoolprivacy.accounts.models import User
from schoolprivacy.breaches.clock import notify_by
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.selectors import get_breach_for
from schoolprivacy.breaches.services import breach_report
from schoolprivacy.lib.api_ints import Id

router = Router(tags=["breaches"])


class BreachIn(Schema):
    aware_at: datetime = Field(..., description="When the school became aware, with time zone.")
    description: str = Field(..., min_length=1, max_length=10000)
    systems: list[str] = Field(default_factory=list, max_length=20)
    supplier: str = Field("", max_length=200, description="A supplier's report: its name.")


class BreachOut(Schema):
    id: int
    aware_at: datetime
    notify_by: datetime
    reporter: str
    systems: list[str]
    categories: list[str]
    affected_pupils: int
    risk: str
    status: str
    ap_notified_at: datetime | None


class CreatedOut(Schema):
    id: int
    aware_at: datetime
    notify_by: datetime


class ErrorOut(Schema):
    detail: Any


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


@router.post(
    "/breaches",
    response={201: CreatedOut, 422: ErrorOut},
    summary="Report a data breach (any staff member); the 72-hour clock starts at aware_at",
)
def report_breach(request: Any, data: BreachIn) -> Status[Any]:
    user = _caller(request)
    try:
        breach = breach_report(
            actor=user,
            aware_at=data.aware_at,
            description=data.description,
            systems=data.systems,
            supplier_name=data.supplier,
            channel="api",
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return Status(422, {"detail": [str(m) for m in error.messages]})
    return Status(
        201, {"id": breach.pk, "aware_at": breach.aware_at, "notify_by": notify_by(breach.aware_at)}
    )


def _out(breach: Breach) -> dict[str, Any]:
    return {
        "id": breach.pk,
        "aware_at": breach.aware_at,
        "notify_by": notify_by(breach.aware_at),
        "reporter": breach.reporter_kind,
        "systems": list(breach.systems),
        "categories": list(breach.categories),
        "affected_pupils": breach.affected_pupils,
        "risk": breach.risk,
        "status": breach.status,
        "ap_notified_at": breach.ap_notified_at,
    }


@router.get(
    "/breaches/{breach_id}",
    response=BreachOut,
    summary="A data breach with its notify-by deadline (the privacy officer; 404 otherwise)",
)
def get_breach(request: Any, breach_id: Id) -> dict[str, Any]:
    return _out(get_breach_for(_caller(request), breach_id))
