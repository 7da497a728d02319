"""`GET /api/v1/register/activities`: the processing register of the caller's board.

The register is not secret (each school's public privacy statement is made from it), so every
staff member of the board may read the active activities. The board roles (privacy officer,
functional administrator) also get the inactive ones and the internal fields: security measures,
DPIA reference, version. For everyone else those fields are null.
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from schoolprivacy import taxonomy
from schoolprivacy.accounts.models import User
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.selectors import activities_for_staff

router = Router(tags=["register"])


class CategoryOut(Schema):
    key: str
    label: str
    classification: str
    special: bool


class RecipientOut(Schema):
    name: str
    basis: str


class RetentionOut(Schema):
    code: str
    name: str
    event: str
    years: int
    months: int
    is_minimum: bool
    description: str


class ActivityOut(Schema):
    id: int
    key: str
    name: str
    name_en: str
    purpose: str
    purpose_en: str
    legal_basis: str
    legal_basis_article: str
    special_basis: str
    data_subjects: list[str]
    categories: list[CategoryOut]
    sources: list[str]
    systems: list[str]
    recipients: list[RecipientOut]
    processors: list[str]
    access_roles: list[str]
    retention: RetentionOut
    school_kind: str
    is_active: bool
    # Internal: only for the board roles, null for other staff.
    security_measures: str | None
    dpia_reference: str | None
    version: int | None
    updated_at: datetime | None


def _category(key: str) -> CategoryOut:
    category = taxonomy.category(key)
    return CategoryOut(
        key=key,
        label=str(category.label),
        classification=category.classification.value,
        special=category.is_special,
    )


def _out(activity: ProcessingActivity, *, full: bool) -> ActivityOut:
    rule = activity.retention_rule
    return ActivityOut(
        id=activity.pk,
        key=activity.key,
        name=activity.name,
        name_en=activity.name_en,
        purpose=activity.purpose,
        purpose_en=activity.purpose_en,
        legal_basis=activity.legal_basis,
        legal_basis_article=activity.legal_basis_article,
        special_basis=activity.special_basis,
        data_subjects=activity.data_subjects,
        categories=[_category(key) for key in activity.categories],
        sources=activity.sources,
        systems=activity.systems,
        recipients=[RecipientOut(**r) for r in activity.recipients],
        processors=activity.processors,
        access_roles=activity.access_roles,
        retention=RetentionOut(
            code=rule.code,
            name=rule.name,
            event=rule.event,
            years=rule.years,
            months=rule.months,
            is_minimum=rule.is_minimum,
            description=activity.retention_in_words(),
        ),
        school_kind=activity.school_kind,
        is_active=activity.is_active,
        security_measures=activity.security_measures if full else None,
        dpia_reference=activity.dpia_reference if full else None,
        version=activity.version if full else None,
        updated_at=activity.updated_at if full else None,
    )


@router.get(
    "/activities",
    response=list[ActivityOut],
    summary="The processing register of the caller's board",
    description=(
        "Every staff member of the board gets the active activities. The privacy officer and "
        "the functional administrator also get inactive ones and the internal fields "
        "(security_measures, dpia_reference, version, updated_at), which are null for others."
    ),
)
def list_activities(request: HttpRequest) -> list[ActivityOut]:
    user = request.user
    assert isinstance(user, User)
    activities, full = activities_for_staff(user)
    return [_out(a, full=full) for a in activities]
