"""Personal data of `requests`: the rights requests about a pupil and what was done with them.

Taxonomy: there is no category for rights requests yet; a request is filed under
`pupil.enrolment` (the school's administration about the pupil). A proposed correction holds data
of the category of the item it corrects. A `pupil.requests` key is for the register's owner to add.

Erasure is a plan (counts): a request and its answer are the proof that the school honoured the
right (GDPR art. 5(2), accountability); the retention app decides when that proof may go.
"""

from collections.abc import Collection, Sequence

from schoolprivacy.access.policy import PUPIL_KEYS
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
from schoolprivacy.requests.building import archives_remove_for_pupils
from schoolprivacy.requests.models import (
    Correction,
    PackageLink,
    RecipientNotice,
    Request,
    SystemCheck,
)

_KEY = "pupil.enrolment"
_STAFF = "staff.activity"
_REQUESTER = "guardian.identity"

REQUESTS = PersonalData(
    Request,
    {
        "kind": _KEY,
        "status": _KEY,
        "channel": _KEY,
        "standing": _KEY,
        "description": _KEY,
        "language": _KEY,
        "received_on": _KEY,
        "due_on": _KEY,
        "extension_reason": _KEY,
        "identity_check": _KEY,
        "answer": _KEY,
        "refusal_reason": _KEY,
        "reminded_on": _KEY,
        "extended_at": _KEY,
        "verified_at": _KEY,
        "started_at": _KEY,
        "answered_at": _KEY,
        "refused_at": _KEY,
        "closed_at": _KEY,
        "created_at": _KEY,
        "requester": _REQUESTER,
        "guardian": _REQUESTER,
        "requester_name": _REQUESTER,
        "verified_by": _STAFF,
        "recorded_by": _STAFF,
    },
)
CHECKS = PersonalData(SystemCheck, {"finding": _KEY, "checked_at": _KEY, "checked_by": _STAFF})
CORRECTIONS = PersonalData(
    Correction,
    {
        "proposed": PUPIL_KEYS,
        "explanation": PUPIL_KEYS,
        "refusal_reason": PUPIL_KEYS,
        "at_source": PUPIL_KEYS,
        "state": PUPIL_KEYS,
        "decided_at": PUPIL_KEYS,
        "created_at": PUPIL_KEYS,
        "decided_by": _STAFF,
    },
    row_key=lambda correction: correction.category_key,
)
# GDPR art. 19: which organisation was told of a correction or erasure of the child's data, when.
NOTICES = PersonalData(RecipientNotice, {"told_at": _KEY, "created_at": _KEY, "told_by": _STAFF})
PERSONAL_DATA = (REQUESTS, CHECKS, CORRECTIONS, NOTICES)
_CODE = "a code of the product, the same for everyone"
NOT_PERSONAL = (
    NotPersonal(
        SystemCheck,
        {"source": _CODE, "name": "the name of a system or organisation from the register"},
    ),
    NotPersonal(
        Correction,
        {
            "source": "a model label",
            "field_name": "a field name",
            "category_key": _CODE,
            # The register's recipients of the category, for the officer to check; not who was
            # told (the notices say that), so never put in the requester's copy as if told.
            "recipients_told": "names of organisations from the register",
        },
    ),
    NotPersonal(
        RecipientNotice,
        {
            "cause": _CODE,
            "state": _CODE,
            "categories": "taxonomy keys",
            "recipient_key": "the registry's key of an organisation",
            "recipient_name": "the name of an organisation that received data",
            "email": "an organisation's contact address (from its agreement), not about the pupil",
        },
    ),
    NotPersonal(
        PackageLink,
        {
            "token_hash": "a hash of a random token",
            "created_at": "when a download link was made; the request says whose",
            "expires_at": "when a download link stops working",
            "used_at": "when a download link was used; the audit log says so too",
            "build": "how far the worker is with a link's package (decision 0056)",
            "progress": "how far the worker is with a link's package, in percent",
            "queued_at": "when the worker was asked to build a link's package, not a person's act",
            "progress_at": "when the worker's build of a link's package last showed life",
            "retries": "how often a link's build was queued again after its worker stopped",
            "archive": "the random storage name of a link's package, removed once downloaded "
            "or expired; the package itself is the export of the pupil's data",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    board = {"board_id": subject.board_id}
    if subject.kind == "pupil":
        requests = Request.objects.filter(pupil_id=subject.id, **board).order_by("received_on")
        return merge(
            collect(REQUESTS, requests, subject),
            collect(CHECKS, SystemCheck.objects.filter(request__in=requests, **board), subject),
            collect(CORRECTIONS, Correction.objects.filter(request__in=requests, **board), subject),
            # Recipients kept from the parents under the meldcode stay out of their copy too.
            collect(
                NOTICES,
                RecipientNotice.objects.filter(
                    request__in=requests, shown_to_requester=True, **board
                ),
                subject,
            ),
        )
    if subject.kind == "guardian":
        rows = Request.objects.filter(guardian_id=subject.id, **board)
        return collect(REQUESTS, rows, subject)
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
        counts = {_KEY: Request.objects.filter(pupil_id=subject.id, **board).count()}
        if not dry_run and (categories is None or _KEY in categories):
            archives_remove_for_pupils(subject.board_id, [subject.id])
    elif subject.kind == "guardian":
        counts = {_REQUESTER: Request.objects.filter(guardian_id=subject.id, **board).count()}
    counts = {k: n for k, n in counts.items() if n and (categories is None or k in categories)}
    return plan_only("requests", counts, reason="accountability", dry_run=dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): one counting query per kind of
    subject and board. Requests are kept for accountability, as `erase` says."""
    counts: dict[DataSubject, dict[str, int]] = {s: {} for s in subjects}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        key, field = {"pupil": (_KEY, "pupil_id"), "guardian": (_REQUESTER, "guardian_id")}.get(
            kind, ("", "")
        )
        if not key or key not in categories:
            continue
        found = count_per(Request.objects.filter(board_id=board_id), field, [s.id for s in group])
        if kind == "pupil" and not dry_run:
            archives_remove_for_pupils(board_id, [s.id for s in group])
        for subject in group:
            if n := found.get(subject.id, 0):
                counts[subject] = {key: n}
    return {
        s: plan_only("requests", c, reason="accountability", dry_run=dry_run)
        for s, c in counts.items()
    }
