"""`GET /api/v1/policies`: the board's privacy regulation and protocols.

Published policies are public (every school's privacy statement links them), so every staff
member of the board gets the version in force of each document with the (G)MR decision. The
privacy officer also gets documents without a published version and every version's status.
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from schoolprivacy.access.duties import Duty, board_of_duty, staff_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.policies.models import PolicyDocument, PolicyVersion

router = Router(tags=["policies"])


class VersionOut(Schema):
    id: int
    number: int
    council: str
    council_section: str
    council_decided_on: date | None
    council_decision: str
    minutes_reference: str
    published_at: datetime | None
    in_force: bool


class PolicyOut(Schema):
    id: int
    kind: str
    title: str
    in_force: VersionOut | None
    versions: list[VersionOut] | None  # every version, for the privacy officer; null otherwise


def _version(version: PolicyVersion, in_force: PolicyVersion | None) -> VersionOut:
    return VersionOut(
        id=version.pk,
        number=version.number,
        council=version.council,
        council_section=version.council_section,
        council_decided_on=version.council_decided_on,
        council_decision=version.council_decision,
        minutes_reference=version.minutes_reference,
        published_at=version.published_at,
        in_force=in_force is not None and version.pk == in_force.pk,
    )


@router.get(
    "/policies",
    response=list[PolicyOut],
    summary="The board's privacy regulation and protocols, with the (G)MR decisions",
)
def list_policies(request: HttpRequest) -> list[PolicyOut]:
    user = request.user
    assert isinstance(user, User)
    board_id = staff_board_id(user)
    if board_id is None:
        return []
    officer = board_of_duty(user, Duty.OVERSEE) is not None
    documents = PolicyDocument.objects.filter(board_id=board_id).prefetch_related("versions")
    found = []
    for document in documents.order_by("kind", "title"):
        versions = sorted(document.versions.all(), key=lambda v: -v.number)
        in_force = next((v for v in versions if v.published_at is not None), None)
        if in_force is None and not officer:
            continue
        found.append(
            PolicyOut(
                id=document.pk,
                kind=document.kind,
                title=document.title,
                in_force=_version(in_force, in_force) if in_force else None,
                versions=[_version(v, in_force) for v in versions] if officer else None,
            )
        )
    return found
