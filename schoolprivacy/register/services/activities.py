"""Creating and changing processing activities. Every change is a new immutable version plus an
audit event naming the changed fields (never their values)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity
from schoolprivacy.register.services.data import ActivityData, validate_activity
from schoolprivacy.schools.models import Board

# The fields a version snapshot holds, in the order the history shows them.
VERSIONED_FIELDS = (
    "name",
    "name_en",
    "purpose",
    "purpose_en",
    "legal_basis",
    "legal_basis_article",
    "special_basis",
    "data_subjects",
    "categories",
    "sources",
    "systems",
    "recipients",
    "processors",
    "access_roles",
    "retention_rule",
    "security_measures",
    "dpia_reference",
    "school_kind",
    "is_active",
)


def activity_snapshot(activity: ProcessingActivity) -> dict[str, Any]:
    """The activity as plain JSON. The retention rule is copied in full, so the snapshot still
    says what the rule was if the rule itself changes later."""
    data = {name: getattr(activity, name) for name in VERSIONED_FIELDS if name != "retention_rule"}
    rule = activity.retention_rule
    data["retention_rule"] = {
        "id": rule.pk,
        "code": rule.code,
        "name": rule.name,
        "event": rule.event,
        "years": rule.years,
        "months": rule.months,
        "is_minimum": rule.is_minimum,
    }
    return data


def new_version(
    activity: ProcessingActivity, *, changed_fields: list[str], actor_id: int | None
) -> ActivityVersion:
    """An unsaved version row for the activity as it is now (for bulk creation too)."""
    return ActivityVersion(
        board_id=activity.board_id,
        activity=activity,
        number=activity.version,
        data=activity_snapshot(activity),
        changed_fields=changed_fields,
        changed_by=actor_id,
    )


def _unused_key(board: Board, name: str) -> str:
    base = slugify(name)[:50] or "activity"
    taken = set(
        ProcessingActivity.objects.filter(board=board, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def activity_create(
    *, board: Board, data: ActivityData, actor_id: int | None, channel: str = "web"
) -> ProcessingActivity:
    values = data.model_values()
    validate_activity(board=board, values=values)
    activity = ProcessingActivity.objects.create(
        board=board, key=_unused_key(board, values["name"]), version=1, **values
    )
    new_version(activity, changed_fields=list(VERSIONED_FIELDS), actor_id=actor_id).save()
    audit_record(
        action="register.activity.created",
        board_id=board.pk,
        actor_id=actor_id,
        subjects=[Subject(subject_types.PROCESSING_ACTIVITY, activity.pk)],
        fields=VERSIONED_FIELDS,
        context={"version": 1},
        channel=channel,
    )
    return activity


def _change(
    activity: ProcessingActivity,
    values: Mapping[str, Any],
    *,
    actor_id: int | None,
    channel: str,
    change: str,
) -> ProcessingActivity:
    """Apply the values; record a version and `register.activity.updated` if anything changed."""
    # Lock the row so two officers saving at once get consecutive version numbers.
    locked = ProcessingActivity.objects.select_for_update().get(pk=activity.pk)
    before = activity_snapshot(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    after = activity_snapshot(locked)
    changed = [name for name in VERSIONED_FIELDS if before[name] != after[name]]
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    new_version(locked, changed_fields=changed, actor_id=actor_id).save()
    audit_record(
        action="register.activity.updated",
        board_id=locked.board_id,
        actor_id=actor_id,
        subjects=[Subject(subject_types.PROCESSING_ACTIVITY, locked.pk)],
        fields=changed,
        context={"version": locked.version, "change": change},
        channel=channel,
    )
    return locked


@transaction.atomic
def activity_update(
    *,
    activity: ProcessingActivity,
    data: ActivityData,
    actor_id: int | None,
    channel: str = "web",
) -> ProcessingActivity:
    values = data.model_values()
    validate_activity(board=activity.board, values=values)
    return _change(activity, values, actor_id=actor_id, channel=channel, change="edited")


@transaction.atomic
def activity_deactivate(
    *, activity: ProcessingActivity, actor_id: int | None, channel: str = "web"
) -> ProcessingActivity:
    """Take an activity out of the register and the public statement; its history stays."""
    return _change(
        activity, {"is_active": False}, actor_id=actor_id, channel=channel, change="deactivated"
    )


@transaction.atomic
def activity_reactivate(
    *, activity: ProcessingActivity, actor_id: int | None, channel: str = "web"
) -> ProcessingActivity:
    return _change(
        activity, {"is_active": True}, actor_id=actor_id, channel=channel, change="reactivated"
    )
