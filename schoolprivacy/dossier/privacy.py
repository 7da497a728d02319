"""The dossier's personal data: pupil records (contract 4). Erasure is implemented here."""

from collections import Counter
from collections.abc import Collection, Sequence

from django.db import transaction
from django.db.models import Count

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record, RecordVersion
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
)

RECORDS = PersonalData(
    Record,
    {
        # Every row is about one pupil, in the category it names.
        "category_key": RECORD_CATEGORIES,
        "title": RECORD_CATEGORIES,
        "body": RECORD_CATEGORIES,
        "recorded_at": RECORD_CATEGORIES,
        "updated_at": RECORD_CATEGORIES,
        # Who wrote it is the staff member's data, not the pupil's.
        "recorded_by": "staff.activity",
    },
    row_key=lambda record: record.category_key,
)
# Earlier versions of records (kept on change, correction and deletion): the pupil's data too.
VERSIONS = PersonalData(
    RecordVersion,
    {
        "title": RECORD_CATEGORIES,
        "body": RECORD_CATEGORIES,
        "recorded_at": RECORD_CATEGORIES,
        "replaced_at": RECORD_CATEGORIES,
        "change": RECORD_CATEGORIES,
        "replaced_by": "staff.activity",
    },
    row_key=lambda version: version.category_key,
)
PERSONAL_DATA = (RECORDS, VERSIONS)
NOT_PERSONAL: tuple[NotPersonal, ...] = (
    NotPersonal(RecordVersion, {"category_key": "a taxonomy key, the same for everyone"}),
)


def export(subject: DataSubject) -> Export:
    if subject.kind == "pupil":
        rows = Record.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
        versions = RecordVersion.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
        return merge(
            collect(RECORDS, rows.order_by("recorded_at", "id"), subject),
            collect(VERSIONS, versions.order_by("replaced_at", "id"), subject),
        )
    if subject.kind == "staff" and subject.user_id is not None:
        # Which records they wrote and when; what the records say is the pupils' data.
        written = Record.objects.filter(board_id=subject.board_id, recorded_by_id=subject.user_id)
        return {
            "staff.activity": [
                {"source": "dossier.Record", "id": pk, "fields": {"recorded_at": at.isoformat()}}
                for pk, at in written.order_by("recorded_at").values_list("pk", "recorded_at")
            ]
        }
    return {}


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    """A pupil's records (of `categories`, default all) are deleted; a staff member's name is
    taken off the records they wrote, which stay in the pupil's file.

    The caller (requests, retention) decides what may go: a record under a legal retention duty
    must not be passed in. Audited with counts per category, never contents.
    """
    with transaction.atomic():
        if subject.kind == "pupil":
            rows = Record.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
            if categories is not None:
                rows = rows.filter(category_key__in=list(categories))
            counts = dict(Counter(rows.values_list("category_key", flat=True)))
            if not dry_run and counts:
                rows.delete()
        elif (
            subject.kind == "staff"
            and subject.user_id is not None
            and (categories is None or "staff.activity" in categories)
        ):
            rows = Record.objects.filter(board_id=subject.board_id, recorded_by_id=subject.user_id)
            counts = {"staff.activity": rows.count()} if rows.exists() else {}
            if not dry_run and counts:
                rows.update(recorded_by=None)
        else:
            counts = {}
        if not dry_run and counts:
            audit_record(
                action="dossier.records.erased",
                board_id=subject.board_id,
                actor_id=actor_id,
                subjects=[Subject(subject_types.for_person_kind(subject.kind), subject.id)],
                context={key: n for key, n in sorted(counts.items())},
                channel="system",
            )
    return Erasure("dossier", counts, done=not dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects at once (privacy_registry.ManyEraser): the pupils' records of
    `categories` counted with one aggregate query and deleted with one; one audit event per
    batch names every erased pupil. Other subjects go through `erase`."""
    found: dict[DataSubject, Erasure] = {}
    pupils = [s for s in subjects if s.kind == "pupil"]
    for other in subjects:
        if other.kind != "pupil":
            found[other] = erase(other, actor_id=actor_id, categories=categories, dry_run=dry_run)
    by_board: dict[int, list[DataSubject]] = {}
    for pupil in pupils:
        by_board.setdefault(pupil.board_id, []).append(pupil)
    with transaction.atomic():
        for board_id, group in by_board.items():
            rows = Record.objects.filter(
                board_id=board_id,
                pupil_id__in=[p.id for p in group],
                category_key__in=list(categories),
            )
            grouped = (
                rows.order_by().values_list("pupil_id", "category_key").annotate(n=Count("pk"))
            )
            per_pupil: dict[int, dict[str, int]] = {}
            for pk, key, n in grouped:
                per_pupil.setdefault(pk, {})[key] = n
            if not dry_run and per_pupil:
                rows.delete()
                # One event for the batch: every pupil by ID, the counts summed per category.
                total: Counter[str] = Counter()
                for counts in per_pupil.values():
                    total.update(counts)
                audit_record(
                    action="dossier.records.erased",
                    board_id=board_id,
                    actor_id=actor_id,
                    subjects=[
                        Subject(subject_types.for_person_kind("pupil"), pk)
                        for pk in sorted(per_pupil)
                    ],
                    context=dict(sorted(total.items())),
                    channel="system",
                )
            for pupil in group:
                found[pupil] = Erasure("dossier", per_pupil.get(pupil.id, {}), done=not dry_run)
    return found


def correct(
    subject: DataSubject, *, source: str, item_id: int, field: str, value: str, actor_id: int
) -> bool:
    """Correct one field of one of the pupil's records (GDPR art. 16), keeping the previous
    version; returns False when this app holds no such item. Only title and note: the kind of a
    record decides who may read it and is never corrected in place."""
    from schoolprivacy.dossier.errors import DossierNotFound
    from schoolprivacy.dossier.services import record_correct

    if subject.kind != "pupil" or source != "dossier.Record" or field not in ("title", "body"):
        return False
    try:
        record_correct(
            actor_id=actor_id,
            board_id=subject.board_id,
            pupil_id=subject.id,
            record_id=item_id,
            field=field,
            value=value,
        )
    except DossierNotFound:
        return False
    return True
