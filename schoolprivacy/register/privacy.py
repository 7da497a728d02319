"""`register` describes processing, it holds no pupil data; who changed the register is staff
activity (the version history names the user)."""

from collections.abc import Collection

from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
)
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity, RetentionRule
from schoolprivacy.register.services.activities import VERSIONED_FIELDS

_ACTIVITY = "staff.activity"
VERSIONS = PersonalData(ActivityVersion, {"changed_by": _ACTIVITY, "changed_at": _ACTIVITY})
PERSONAL_DATA = (VERSIONS,)
_REGISTER = "describes a processing activity, published in the privacy statement"
NOT_PERSONAL = (
    NotPersonal(
        ProcessingActivity,
        {
            # The activity's own text fields are exactly the versioned ones (the retention rule
            # and the active flag are a link and a boolean, not text).
            name: _REGISTER
            for name in (
                "key",
                *(f for f in VERSIONED_FIELDS if f not in {"retention_rule", "is_active"}),
                "updated_at",
            )
        },
    ),
    NotPersonal(
        ActivityVersion,
        {"data": "a copy of the activity (see above)", "changed_fields": "field names"},
    ),
    NotPersonal(
        RetentionRule,
        {
            name: "describes a retention period"
            for name in ("code", "name", "event", "legal_source")
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff" or subject.user_id is None:
        return {}
    versions = ActivityVersion.objects.filter(board_id=subject.board_id, changed_by=subject.user_id)
    return collect(VERSIONS, versions.order_by("changed_at"), subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "staff" and subject.user_id is not None:
        versions = ActivityVersion.objects.filter(
            board_id=subject.board_id, changed_by=subject.user_id
        )
        counts = {_ACTIVITY: versions.count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    # The version history is immutable: it proves what the register said when.
    return plan_only("register", counts, reason="register_history", dry_run=dry_run)
