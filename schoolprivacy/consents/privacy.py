"""Personal data of `consents`: the decision ledger, disputes and the notice on turning 16.

Taxonomy: the register has no separate consent category yet, so the ledger is filed under
`pupil.image` (photos and video), the purpose almost every consent is about. A `pupil.consent`
category is for the register's owner to add (see the report of issue 4).

Erasure is a plan (counts): the ledger is the proof of consent (AVG art. 7(1): the controller
must be able to show consent was given), kept as long as the consented processing lasts; the
retention app decides when it ends.
"""

from collections.abc import Collection, Sequence

from schoolprivacy.consents.models import (
    ComingOfAgeNotice,
    ConsentDecision,
    ConsentDispute,
    ConsentEvent,
    ConsentRound,
    Purpose,
    PurposeText,
)
from schoolprivacy.privacy_batches import by_kind_and_board, count_per
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

_KEY = "pupil.image"
_STAFF = "staff.activity"
DECISIONS = PersonalData(
    ConsentDecision,
    {
        "decision": _KEY,
        "by_pupil": _KEY,
        "method": _KEY,
        "reference": _KEY,
        "evidence": _KEY,
        "decided_at": _KEY,
        "recorded_at": _KEY,
        "guardian": "guardian.identity",
        "recorded_by": _STAFF,
    },
)
DISPUTES = PersonalData(
    ConsentDispute,
    {
        "opened_because": _KEY,
        "opened_at": _KEY,
        "resolved_at": _KEY,
        "resolution": _KEY,
        "opened_by": _STAFF,
        "resolved_by": _STAFF,
        "reported_by_guardian": "guardian.identity",
        "note": _KEY,
    },
)
NOTICES = PersonalData(ComingOfAgeNotice, {"queued_at": _KEY, "pupil_informed_at": _KEY})
PERSONAL_DATA = (DECISIONS, DISPUTES, NOTICES)
_SETTING = "set by the board for everyone; says nothing about a person"
NOT_PERSONAL = (
    NotPersonal(
        Purpose, {"key": _SETTING, "name": _SETTING, "name_en": _SETTING, "channel_kind": _SETTING}
    ),
    NotPersonal(PurposeText, {"text_nl": _SETTING, "text_en": _SETTING, "published_at": _SETTING}),
    NotPersonal(
        ConsentRound,
        {
            "name": _SETTING,
            "opens_on": _SETTING,
            "deadline": _SETTING,
            "reminded_on": "bookkeeping: the day the round's reminder went out, about no person",
        },
    ),
    NotPersonal(
        ConsentEvent,
        {
            "kind": "outbox bookkeeping; the decision it follows from is in the ledger",
            "created_at": "outbox bookkeeping; the decision it follows from is in the ledger",
            "handled_at": "outbox bookkeeping: when the effects were carried out",
            "last_error": "an exception class name, never a message",
            "next_attempt_at": "outbox bookkeeping: when a failed effect is tried again",
            "failed_at": "outbox bookkeeping: when a failing effect was given up",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    board = {"board_id": subject.board_id}
    if subject.kind == "pupil":
        return merge(
            collect(
                DECISIONS, ConsentDecision.objects.filter(pupil_id=subject.id, **board), subject
            ),
            collect(DISPUTES, ConsentDispute.objects.filter(pupil_id=subject.id, **board), subject),
            collect(
                NOTICES, ComingOfAgeNotice.objects.filter(pupil_id=subject.id, **board), subject
            ),
        )
    if subject.kind == "guardian":
        rows = ConsentDecision.objects.filter(guardian_id=subject.id, **board)
        return collect(DECISIONS, rows, subject)
    return {}


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    board = {"board_id": subject.board_id}
    counts: dict[str, int] = {}
    if subject.kind == "pupil":
        counts = {_KEY: ConsentDecision.objects.filter(pupil_id=subject.id, **board).count()}
    elif subject.kind == "guardian":
        counts = {
            "guardian.identity": ConsentDecision.objects.filter(
                guardian_id=subject.id, **board
            ).count()
        }
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("consents", counts, reason="accountability", dry_run=dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): one counting query per kind of
    subject and board. The ledger is kept as proof, as `erase` says."""
    counts: dict[DataSubject, dict[str, int]] = {s: {} for s in subjects}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        decisions = ConsentDecision.objects.filter(board_id=board_id)
        key, field = {
            "pupil": (_KEY, "pupil_id"),
            "guardian": ("guardian.identity", "guardian_id"),
        }.get(kind, ("", ""))
        if not key or key not in categories:
            continue
        found = count_per(decisions, field, [s.id for s in group])
        for subject in group:
            counts[subject] = {key: found.get(subject.id, 0)}  # zero too, as `erase` answers
    return {
        s: plan_only("consents", c, reason="accountability", dry_run=dry_run)
        for s, c in counts.items()
    }
