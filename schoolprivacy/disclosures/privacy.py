"""Personal data of `disclosures`: the record of what went to whom about a pupil.

A disclosure row is filed under the most sensitive pupil category it shared (special data, then
the education number, then the first category), so that requests and retention treat the record
like the data it describes.

Export (the inspection package of a request for access, GDPR art. 15(1)(c): the recipients) holds
every disclosure the parents may see; one that a professional keeps from the parents under the
meldcode is left out while it is kept from them (UAVG art. 41(1)(i): protection of the data
subject; the parents are normally told, unless that endangers the child).

Erasure is a plan (counts): the record of a disclosure is the school's proof that it shared on a
basis (GDPR art. 5(2), accountability) and the list of recipients to tell after a rectification or
erasure (GDPR art. 19); the retention app decides when it ends.
"""

from collections.abc import Collection, Sequence

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.privacy_batches import by_kind_and_board
from schoolprivacy.privacy_registry import (
    DataRecipient,
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
)
from schoolprivacy.taxonomy import BY_KEY, CATEGORIES, Classification, Subject

_PUPIL_KEYS: tuple[str, ...] = tuple(c.key for c in CATEGORIES if c.subject is Subject.PUPIL)
_ORDER = (Classification.SPECIAL, Classification.NATIONAL_IDENTIFIER, Classification.ORDINARY)


def row_category(disclosure: Disclosure) -> str:
    """The most sensitive pupil category the disclosure shared ("pupil.identity" if none)."""
    shared = [BY_KEY[k] for k in disclosure.categories if k in BY_KEY and k.startswith("pupil.")]
    for level in _ORDER:
        for found in shared:
            if found.classification is level:
                return found.key
    return "pupil.identity"


DISCLOSURES = PersonalData(
    Disclosure,
    {
        "recipient": _PUPIL_KEYS,
        "recipient_name": _PUPIL_KEYS,
        "basis": _PUPIL_KEYS,
        "article": _PUPIL_KEYS,
        "citation": _PUPIL_KEYS,
        "categories": _PUPIL_KEYS,
        "note": _PUPIL_KEYS,
        "absence_hours": _PUPIL_KEYS,
        "shown_to_parents_on": _PUPIL_KEYS,
        "parent_remarks": _PUPIL_KEYS,
        "reference": _PUPIL_KEYS,
        "disclosed_at": _PUPIL_KEYS,
        "recorded_at": _PUPIL_KEYS,
        "recorded_by": "staff.activity",
    },
    row_key=row_category,
)
PERSONAL_DATA = (DISCLOSURES,)
NOT_PERSONAL: tuple[NotPersonal, ...] = (
    NotPersonal(
        Disclosure,
        {
            "consent_decision_ids": "IDs of ledger rows (the proof); the ledger holds the data",
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "pupil":
        return {}
    rows = Disclosure.objects.filter(
        board_id=subject.board_id, pupil_id=subject.id, shown_to_parents=True
    )
    return collect(DISCLOSURES, rows, subject)


def recipients(subject: DataSubject) -> list[DataRecipient]:
    """Every organisation the pupil's data was disclosed to (GDPR art. 19: told of a correction
    or erasure), also under the meldcode. The disclosures record no address: the privacy officer
    tells them by hand."""
    from schoolprivacy.disclosures.recipients import recipient

    if subject.kind != "pupil":
        return []
    found: dict[str, DataRecipient] = {}
    rows = Disclosure.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
    for row in rows.order_by("disclosed_at", "id"):
        known = recipient(row.recipient)
        name = row.recipient_name or (str(known.name) if known else row.recipient)
        key = f"disclosures.{row.recipient}:{name}"
        before = found.get(key)
        found[key] = DataRecipient(
            key=key,
            name=name,
            categories=frozenset(set(row.categories) | (before.categories if before else set())),
            received_at=row.disclosed_at,
            shown_to_subject=row.shown_to_parents and (before.shown_to_subject if before else True),
        )
    return list(found.values())


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "pupil":
        for disclosure in Disclosure.objects.filter(
            board_id=subject.board_id, pupil_id=subject.id
        ).only("categories"):
            key = row_category(disclosure)
            counts[key] = counts.get(key, 0) + 1
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("disclosures", counts, reason="accountability", dry_run=dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): one query per board for all its
    pupils. Disclosures are kept for accountability, as `erase` says."""
    counts: dict[DataSubject, dict[str, int]] = {s: {} for s in subjects}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        if kind != "pupil":
            continue
        by_id = {s.id: s for s in group}
        rows = Disclosure.objects.filter(board_id=board_id, pupil_id__in=list(by_id))
        for disclosure in rows.only("pupil_id", "categories"):
            key = row_category(disclosure)
            if key in categories:
                mine = counts[by_id[disclosure.pupil_id]]
                mine[key] = mine.get(key, 0) + 1
    return {
        s: plan_only("disclosures", c, reason="accountability", dry_run=dry_run)
        for s, c in counts.items()
    }
