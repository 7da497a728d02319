"""Personal data of `breaches`: who reported an incident, and their account of it.

An incident is about the organisation's security, not about a person; but the reporter's account
is theirs: a staff member's report is staff activity, a pupil's report belongs to the pupil's
account. The officer's assessment and the incident's facts are kept with the report they are
about. Free text may mention people; it is never copied into the audit log.

Erasure is a plan (counts): every incident stays in the breach register, notified or not (GDPR
art. 33(5), accountability).
"""

from collections.abc import Collection, Sequence

from schoolprivacy.breaches.models import Breach, FollowUp, ReporterKind
from schoolprivacy.privacy_batches import by_kind_and_board
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
)

_STAFF, _PUPIL = "staff.activity", "pupil.account"
_EITHER = (_STAFF, _PUPIL)


def reporter_category(breach: Breach) -> str:
    return _PUPIL if breach.reporter_kind == ReporterKind.PUPIL else _STAFF


BREACHES = PersonalData(
    Breach,
    {
        "reported_by": _EITHER,
        "description": _EITHER,
        "reporter_kind": _EITHER,
        "supplier_name": _EITHER,
        "reported_at": _EITHER,
        "aware_at": _EITHER,
    },
    row_key=reporter_category,
)
FOLLOW_UPS = PersonalData(FollowUp, {"created_by": _STAFF})
PERSONAL_DATA = (BREACHES, FOLLOW_UPS)
_ASSESSMENT = "the privacy officer's assessment of an incident, about the organisation"
_INCIDENT = "a date in the incident's handling, about the organisation"
NOT_PERSONAL = (
    NotPersonal(
        Breach,
        {
            "systems": "names of systems from the register",
            "categories": "taxonomy keys computed from the register",
            "risk": _ASSESSMENT,
            "risk_assessment": _ASSESSMENT,
            "cause": _ASSESSMENT,
            "consequences": _ASSESSMENT,
            "measures": _ASSESSMENT,
            "ap_reference": "the AP's case number",
            "not_notified_reason": _ASSESSMENT,
            "inform_reason": _ASSESSMENT,
            "evaluation": _ASSESSMENT,
            "status": _ASSESSMENT,
            "started_at": _INCIDENT,
            "ended_at": _INCIDENT,
            "inspectorate_informed_at": _INCIDENT,
            "ap_notified_at": _INCIDENT,
            "subjects_informed_at": _INCIDENT,
            "closed_at": _INCIDENT,
        },
    ),
    NotPersonal(
        FollowUp,
        {
            "description": "a measure the organisation takes",
            "due_on": "the measure's date",
            "done_at": "when the measure was taken",
            "created_at": "bookkeeping of the register",
        },
    ),
)


def _reporter_rows(subject: DataSubject) -> list[Breach]:
    if subject.user_id is None or subject.kind not in ("staff", "pupil"):
        return []
    return list(Breach.objects.filter(board_id=subject.board_id, reported_by_id=subject.user_id))


def export(subject: DataSubject) -> Export:
    return collect(BREACHES, _reporter_rows(subject), subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    for breach in _reporter_rows(subject):
        key = reporter_category(breach)
        counts[key] = counts.get(key, 0) + 1
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("breaches", counts, reason="accountability", dry_run=dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): the breaches reported by any of
    the subjects' accounts found with one query per board. Kept for accountability."""
    counts: dict[DataSubject, dict[str, int]] = {s: {} for s in subjects}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        users = {s.user_id: s for s in group if s.user_id is not None}
        if kind not in ("staff", "pupil") or not users:
            continue
        rows = Breach.objects.filter(board_id=board_id, reported_by_id__in=list(users))
        for breach in rows:
            key = reporter_category(breach)
            if key in categories and breach.reported_by_id is not None:
                mine = counts[users[breach.reported_by_id]]
                mine[key] = mine.get(key, 0) + 1
    return {
        s: plan_only("breaches", c, reason="accountability", dry_run=dry_run)
        for s, c in counts.items()
    }
