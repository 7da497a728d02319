"""Reads of pupil data in the technical admin are logged like every other read (issue 11 §2).

No board role opens the admin's pupil-data pages (`Duty.ADMINISTER_PUPIL_DATA` is empty); only a
superuser — the platform operator — can. Those reads used to leave no trace. Every list page and
every opened row of a pupil-data model now writes `ADMIN_READ` into the chain of the board whose
pupils were shown, naming the pupils (and guardians) shown and the model, never a value, so "who
read this pupil" on the oversight pages lists the operator as well.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from schoolprivacy.access.reads import ADMIN_READ
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Guardian, GuardianRelation

# The rule under which the row was shown: not the need-to-know policy but the operator's access.
OPERATOR_RULE = "platform_operator"


def _subjects_of(row: models.Model) -> list[Subject]:
    """The people a row of a pupil-data model is about."""
    found: list[Subject] = []
    pupil_id = getattr(row, "pupil_id", None)
    if row._meta.model_name == "pupil":
        pupil_id = row.pk
    if pupil_id is not None:
        found.append(Subject(subject_types.PUPIL, int(pupil_id)))
    guardian_id = row.pk if isinstance(row, Guardian) else getattr(row, "guardian_id", None)
    if guardian_id is not None:
        found.append(Subject(subject_types.GUARDIAN, int(guardian_id)))
        if isinstance(row, Guardian):
            pupils = GuardianRelation.objects.filter(guardian_id=row.pk).values_list(
                "pupil_id", flat=True
            )
            found += [Subject(subject_types.PUPIL, int(p)) for p in pupils]
    return found


@transaction.atomic
def log_admin_reads(user: User | Any, rows: Iterable[models.Model], *, page: str) -> int:
    """Record that `user` was shown these rows in the admin; one event per board. Returns the
    number of events written (0 when nothing was shown)."""
    by_board: dict[int, dict[tuple[str, int], Subject]] = defaultdict(dict)
    labels: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        board_id = getattr(row, "board_id", None)
        if board_id is None and getattr(row, "pupil_id", None) is not None:
            board_id = row.pupil.board_id  # type: ignore[attr-defined]
        if board_id is None:
            continue
        for subject in _subjects_of(row):
            by_board[int(board_id)][(subject.type, subject.id)] = subject
        labels[int(board_id)].add(subject_types.for_model(row))
    for board_id, subjects in by_board.items():
        audit_record(
            action=ADMIN_READ,
            board_id=board_id,
            actor_id=user.pk,
            subjects=sorted(subjects.values(), key=lambda s: (s.type, s.id)),
            context={
                "via": "admin",
                "page": page,
                "models": sorted(labels[board_id]),
                "rules": [OPERATOR_RULE],
            },
        )
    return len(by_board)
