from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from schoolprivacy.access.selectors import current_assignments
from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import User

router = Router(tags=["me"])


class AssignmentOut(Schema):
    role: str
    school_id: int | None
    school: str | None
    group_id: int | None
    group: str | None
    starts_on: date
    ends_on: date | None


class MeOut(Schema):
    id: int
    username: str
    kind: str
    board_id: int | None
    roles: list[str]
    assignments: list[AssignmentOut]


@router.get("/me", response=MeOut, summary="Who am I: account, roles and current assignments")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    assignments = [
        AssignmentOut(
            role=a.role,
            school_id=a.school_id,
            school=a.school.name if a.school else None,
            group_id=a.group_id,
            group=a.group.name if a.group else None,
            starts_on=a.starts_on,
            ends_on=a.ends_on,
        )
        for a in current_assignments(user)
    ]
    return MeOut(
        id=user.pk,
        username=user.username,
        kind=user.kind,
        board_id=board_id_of(user),
        roles=sorted({a.role for a in assignments}),
        assignments=assignments,
    )
