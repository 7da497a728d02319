"""Personal data of `retention`: legal holds on pupils, and who planned, confirmed or started
erasures and purges. Plans, results and the destruction log hold counts and codes only.

Erasure keeps all of it: a hold is the reason erasure is refused, and the erasure records are
the log that lets an erasure be replayed after a backup restore (issue 14 item 7).
"""

from collections.abc import Collection, Sequence

from schoolprivacy.privacy_batches import by_kind_and_board, count_per, each_subject
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
)
from schoolprivacy.retention.models import (
    Destruction,
    LegalHold,
    PurgePreview,
    PurgeRun,
    PurgeWait,
    SubjectErasure,
    UnlinkedGuardian,
)

_HOLD = "pupil.enrolment"  # a hold keeps the pupil's records at the school: administration
_STAFF = "staff.activity"
HOLDS = PersonalData(
    LegalHold,
    {
        "case": _HOLD,
        "reason": _HOLD,
        "placed_at": _HOLD,
        "released_at": _HOLD,
        "placed_by": _STAFF,
    },
)
ERASURES = PersonalData(
    SubjectErasure,
    {
        "planned_by": _STAFF,
        "planned_at": _STAFF,
        "confirmed_by": _STAFF,
        "confirmed_at": _STAFF,
    },
)
RUNS = PersonalData(PurgeRun, {"started_by": _STAFF, "started_at": _STAFF})
# Which privacy officer looked at a school's purge preview, and when.
PREVIEWS = PersonalData(PurgePreview, {"made_by": _STAFF, "made_at": _STAFF})
# That a parent is linked to no pupil any more, and since when: about their relation to pupils.
_UNLINKED = "guardian.authority"
UNLINKED = PersonalData(UnlinkedGuardian, {"seen_on": _UNLINKED})
PERSONAL_DATA = (HOLDS, ERASURES, RUNS, PREVIEWS, UNLINKED)
_CODES = "counts and codes only"
NOT_PERSONAL = (
    NotPersonal(
        SubjectErasure,
        {
            "subject_kind": "pupil, guardian or staff: a code",
            "status": "a state",
            "plan": _CODES,
            "result": _CODES,
            "fingerprint": "SHA-256 over the data the dry run saw: a checksum",
            "refusal": "a reason code",
        },
    ),
    NotPersonal(
        PurgeRun,
        {
            "status": "a state",
            "day": "the day the rules were counted on, for the whole board",
            "cursor": "how far the run got: a phase and an ID",
            "error": "a code",
            "finished_at": "when the task ended, not a person's action",
        },
    ),
    NotPersonal(Destruction, {"rule": "a rule code", "category": "a category key"}),
    NotPersonal(
        PurgePreview,
        {"day": "the day the rules were counted on, for a whole school", "counts": _CODES},
    ),
    NotPersonal(
        PurgeWait,
        {
            "noted_at": "when the nightly task was refused, not a person's act",
            "parts": "school IDs and a reason code",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    board = {"board_id": subject.board_id}
    if subject.kind == "pupil":
        holds = LegalHold.objects.filter(pupil_id=subject.id, **board).order_by("placed_at")
        return collect(HOLDS, holds, subject)
    if subject.kind == "guardian":
        found = UnlinkedGuardian.objects.filter(guardian_id=subject.id, **board)
        return collect(UNLINKED, found, subject)
    if subject.kind == "staff" and subject.user_id is not None:
        return merge(
            collect(
                HOLDS, LegalHold.objects.filter(placed_by_id=subject.user_id, **board), subject
            ),
            collect(
                ERASURES,
                SubjectErasure.objects.filter(planned_by_id=subject.user_id, **board),
                subject,
            ),
            collect(
                PREVIEWS,
                PurgePreview.objects.filter(made_by_id=subject.user_id, **board),
                subject,
            ),
        )
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
    kept: dict[str, str] = {}
    if subject.kind == "pupil":
        holds = LegalHold.objects.filter(pupil_id=subject.id, **board).count()
        if holds:
            counts[_HOLD], kept[_HOLD] = holds, "legal_hold"
    elif subject.kind == "guardian" and (categories is None or _UNLINKED in categories):
        unlinked = UnlinkedGuardian.objects.filter(guardian_id=subject.id, **board)
        if found := unlinked.count():
            counts[_UNLINKED] = found
            if not dry_run:
                unlinked.delete()
    elif subject.kind == "staff" and subject.user_id is not None:
        acts = SubjectErasure.objects.filter(planned_by_id=subject.user_id, **board).count()
        # Which school previews they looked at before a first purge: kept, like their erasures.
        acts += PurgePreview.objects.filter(made_by_id=subject.user_id, **board).count()
        if acts:
            counts[_STAFF], kept[_STAFF] = acts, "accountability"
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
        kept = {k: v for k, v in kept.items() if k in counts}
    return Erasure("retention", counts, done=not dry_run, kept=kept)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): holds and unlinked-parent rows
    counted with one query per kind and board; staff members one by one, through `erase`."""
    found: dict[DataSubject, Erasure] = {}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        ids = [s.id for s in group]
        if kind == "pupil":
            holds = LegalHold.objects.filter(board_id=board_id)
            held = count_per(holds, "pupil_id", ids) if _HOLD in categories else {}
            for subject in group:
                n = held.get(subject.id, 0)
                counts, kept = ({_HOLD: n}, {_HOLD: "legal_hold"}) if n else ({}, {})
                found[subject] = Erasure("retention", counts, done=not dry_run, kept=kept)
        elif kind == "guardian":
            rows = UnlinkedGuardian.objects.filter(board_id=board_id, guardian_id__in=ids)
            seen = count_per(rows, "guardian_id", ids) if _UNLINKED in categories else {}
            if seen and not dry_run:
                rows.delete()
            for subject in group:
                n = seen.get(subject.id, 0)
                found[subject] = Erasure("retention", {_UNLINKED: n} if n else {}, not dry_run)
        else:
            found.update(
                each_subject(
                    erase, group, actor_id=actor_id, categories=categories, dry_run=dry_run
                )
            )
    return found
