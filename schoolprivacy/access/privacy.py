"""Personal data of `access`: staff members' roles, exception grants and emergency access.

Kept for accountability (who could see what, and why): erasure answers with a plan that keeps
them until the retention engine's staff rule (2 years after leaving) removes them.
"""

from collections.abc import Collection

from schoolprivacy.access.models import Assignment, BreakGlassAccess, Grant
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
    plan_only,
)

_ROLES = "staff.assignments"
ASSIGNMENTS = PersonalData(
    Assignment,
    {"role": _ROLES, "school": _ROLES, "group": _ROLES, "starts_on": _ROLES, "ends_on": _ROLES},
)
GRANTS = PersonalData(
    Grant,
    {
        "category_key": _ROLES,
        "scope": _ROLES,
        "starts_on": _ROLES,
        "ends_on": _ROLES,
        # Free text: may name a pupil, so it is never copied into the audit log.
        "reason": _ROLES,
        "approved_at": _ROLES,
        "revoked_at": _ROLES,
    },
)
BREAK_GLASS = PersonalData(
    BreakGlassAccess,
    {
        "reason": "staff.activity",
        "opened_at": "staff.activity",
        "expires_at": "staff.activity",
        # The officer's finding on the staff member's emergency access (decision 0032).
        "review_outcome": "staff.activity",
        "reviewed_at": "staff.activity",
        "reviewed_by": "staff.activity",
        "review_note": "staff.activity",
    },
)
PERSONAL_DATA = (ASSIGNMENTS, GRANTS, BREAK_GLASS)
NOT_PERSONAL: tuple[NotPersonal, ...] = ()


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff":
        return {}
    own = {"board_id": subject.board_id}
    return merge(
        collect(ASSIGNMENTS, Assignment.objects.filter(staff_id=subject.id, **own), subject),
        collect(GRANTS, Grant.objects.filter(grantee_id=subject.id, **own), subject),
        collect(BREAK_GLASS, BreakGlassAccess.objects.filter(staff_id=subject.id, **own), subject),
    )


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "staff":
        own = {"board_id": subject.board_id}
        counts = {
            _ROLES: Assignment.objects.filter(staff_id=subject.id, **own).count()
            + Grant.objects.filter(grantee_id=subject.id, **own).count(),
            "staff.activity": BreakGlassAccess.objects.filter(staff_id=subject.id, **own).count(),
        }
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("access", counts, reason="accountability", dry_run=dry_run)
