from django.http import HttpRequest
from ninja import Router, Schema

from schoolprivacy.access.schools import get_school_for_user, schools_for
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.api_ints import Id

router = Router(tags=["schools"])


class SchoolOut(Schema):
    id: int
    name: str
    brin: str
    kind: str


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@router.get("", response=list[SchoolOut], summary="Schools the caller works at")
def list_schools(request: HttpRequest) -> list[SchoolOut]:
    return [SchoolOut.from_orm(s) for s in schools_for(_user(request))]


@router.get("/{school_id}", response=SchoolOut, summary="One school (404 when not yours)")
def get_school(request: HttpRequest, school_id: Id) -> SchoolOut:
    return SchoolOut.from_orm(get_school_for_user(_user(request), school_id))
