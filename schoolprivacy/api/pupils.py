"""Pupils and their records over the API, limited by `access.policy` exactly like the staff pages.

Status codes:

- 401 without a staff token or verified staff session (parents included).
- 404 for a pupil the caller may not see (never a 403 that confirms the pupil exists).
- POST /pupils/{id}/records: 201 with the record; 422 when the category is not a record category
  or the title or body is missing or too long; 403 when the caller may see the pupil but their
  role may not write this category (the pupil's existence is no secret to them, and a 403 tells
  an integration honestly that retrying will not help); 404 for a `based_on` record the caller
  may not read.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from schoolprivacy.access.policy import may_write
from schoolprivacy.access.pupil_search import PupilSearch, get_pupil_for_user, pupil_listing
from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.dossier.selectors import dossier_for
from schoolprivacy.dossier.services import record_create
from schoolprivacy.lib.api_ints import Id, Offset
from schoolprivacy.people.models import Pupil
from schoolprivacy.taxonomy import BY_KEY

router = Router(tags=["pupils"])
MAX_LIMIT = 200


class PupilOut(Schema):
    id: int
    name: str
    school_id: int
    school: str
    group_id: int | None
    group: str | None

    @staticmethod
    def resolve_school(obj: Any) -> str:
        return str(obj.school.name)

    @staticmethod
    def resolve_group_id(obj: Any) -> int | None:
        return getattr(obj, "current_group_id", None)

    @staticmethod
    def resolve_group(obj: Any) -> str | None:
        return getattr(obj, "current_group_name", None)


class PupilPage(Schema):
    count: int
    items: list[PupilOut]


class PupilFilters(Schema):
    q: str = Field("", max_length=100, description="Words of the pupil's name.")
    group: Id | None = Field(None, description="Only pupils now in this group.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: Offset = 0


class ReadableCategoryOut(Schema):
    key: str
    special: bool
    rule: str
    reason: str


class PupilDetailOut(PupilOut):
    date_of_birth: date
    # The categories the caller may read now, and under which rule.
    categories: list[ReadableCategoryOut]
    # Only when asked for with ?education_number=true and the caller may see it; logged.
    education_number: str | None = None

    @staticmethod
    def resolve_education_number(obj: Any) -> str | None:
        return getattr(obj, "shown_education_number", None)


class RecordOut(Schema):
    id: int
    category: str = Field(..., alias="category_key")
    special: bool = Field(..., alias="is_special")
    recorded_at: datetime
    title: str
    body: str
    based_on: int | None = Field(None, alias="based_on_id")


class RecordIn(Schema):
    category: str = Field(..., description="A taxonomy key, e.g. pupil.observations.")
    title: str
    body: str = ""
    based_on: Id | None = None


class ErrorOut(Schema):
    detail: Any


def caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


@router.get("", response=PupilPage, summary="Pupils the caller may see (name, school, group)")
def list_pupils(request: Any, filters: Query[PupilFilters]) -> dict[str, Any]:
    pupils = pupil_listing(caller(request), PupilSearch(text=filters.q, group_id=filters.group))
    window = pupils[filters.offset : filters.offset + filters.limit]
    return {"count": pupils.count(), "items": list(window)}


@router.get("/{pupil_id}", response=PupilDetailOut, summary="One pupil (404 when not visible)")
def get_pupil(request: Any, pupil_id: Id, education_number: bool = False) -> Pupil:
    user = caller(request)
    pupil = get_pupil_for_user(user, pupil_id)
    # The one dossier read (and its read log), without records: this answer shows none.
    dossier = dossier_for(
        user, pupil, show_education_number=education_number, with_records=False, channel="api"
    )
    # Attributes for the response schema only; the instance is never saved.
    pupil.categories = [  # type: ignore[attr-defined]
        {"key": k, "special": BY_KEY[k].is_special, "rule": d.rule, "reason": str(d.reason)}
        for k, d in dossier.decisions.items()
    ]
    pupil.shown_education_number = dossier.education_number  # type: ignore[attr-defined]
    return pupil


@router.get(
    "/{pupil_id}/records",
    response=list[RecordOut],
    summary="The pupil's records of the categories the caller may read, newest first",
)
def list_records(request: Any, pupil_id: Id) -> list[Record]:
    user = caller(request)
    pupil = get_pupil_for_user(user, pupil_id)
    # The one dossier read: one read-log entry, naming special categories only when returned.
    return dossier_for(user, pupil, channel="api").records


@router.post(
    "/{pupil_id}/records",
    response={201: RecordOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add a record (403 when the caller's role may not write this category)",
)
def create_record(request: Any, pupil_id: Id, data: RecordIn) -> Status[Any]:
    user = caller(request)
    pupil = get_pupil_for_user(user, pupil_id)
    if data.category not in RECORD_CATEGORIES:
        return Status(422, {"detail": f"{data.category!r} is not a kind of record."})
    if not may_write(user, pupil, data.category).allowed:
        raise HttpError(403, "Your role may not record this kind of information.")
    based_on = None
    if data.based_on is not None:
        # Only the reference is needed; record_create checks that the caller may read it (404).
        based_on = (
            Record.objects.only("id", "pupil_id", "category_key")
            .filter(pupil_id=pupil.pk, pk=data.based_on)
            .first()
        )
        if based_on is None:
            raise DossierNotFound
    try:
        record = record_create(
            actor=user,
            pupil=pupil,
            category_key=data.category,
            title=data.title,
            body=data.body,
            based_on=based_on,
            channel="api",
        )
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        return Status(422, {"detail": detail})
    return Status(201, record)
