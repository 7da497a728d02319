"""Audit events for bulk writes: one event per batch of subjects, never personal values."""

from collections.abc import Iterable

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.schools.models import School

# One audit event names at most this many subjects; creations are recorded per chunk.
AUDIT_BATCH = 500


def audit_batches(
    *, action: str, school: School, actor: User | None, ids: list[int], fields: Iterable[str],
    channel: str, subject_type: str = subject_types.PUPIL,
) -> None:  # fmt: skip
    for start in range(0, len(ids), AUDIT_BATCH):
        audit_record(
            action=action,
            board_id=school.board_id,
            actor_id=actor.pk if actor else None,
            subjects=[Subject(subject_type, pk) for pk in ids[start : start + AUDIT_BATCH]],
            fields=fields,
            context={"school": school.brin},
            channel=channel,
        )
