"""Personal data of `suppliers` (contract 4).

The register itself is about organisations and contracts, not people. What is about people:

- per exported pupil, a digest of the newest export's values (for the next export's diff);
- per pupil, the hashed education number for the ECK iD (scrypt; eck.py), kept so it need not be
  computed again, filed under the education number it is made from;
- which staff member made an export or approved an extra field (the staff activity log).

`export` also lists, for a pupil, the suppliers that received the pupil's data in their newest
export (GDPR art. 15: the recipients). Erasure removes the digests and the hashed number; the
export log itself is accountability and stays (it holds counts, no pupil values).
"""

from collections.abc import Collection, Sequence

from schoolprivacy.privacy_batches import by_kind_and_board, count_per
from schoolprivacy.privacy_registry import (
    DataRecipient,
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
)
from schoolprivacy.suppliers.models import (
    Agreement,
    DataFlow,
    DataSetVersion,
    EckId,
    ExportRow,
    FieldApproval,
    Product,
    Supplier,
)
from schoolprivacy.suppliers.models import Export as ExportLog

_STAFF = "staff.activity"
EXPORT_ROWS = PersonalData(ExportRow, {"digest": "pupil.identity"})
ECK_IDS = PersonalData(
    EckId, {"value": "pupil.education_number", "number_hash": "pupil.education_number"}
)
EXPORTS = PersonalData(ExportLog, {"made_by": _STAFF, "made_at": _STAFF})
APPROVALS = PersonalData(FieldApproval, {"approved_by": _STAFF, "approved_on": _STAFF})
VERSIONS = PersonalData(DataSetVersion, {"changed_by": _STAFF, "since": _STAFF})
PERSONAL_DATA = (EXPORT_ROWS, ECK_IDS, EXPORTS, APPROVALS, VERSIONS)

_ORG = "about an organisation or a contract with it, not about a person"
_SET = "names fields of a data set (catalogue keys), never their values"
NOT_PERSONAL = (
    NotPersonal(
        Supplier,
        {
            "name": _ORG,
            "kind": _ORG,
            "role": _ORG,
            "created_at": _ORG,
            "privacy_contact_name": "the supplier's privacy desk, an organisation's contact",
            "privacy_contact_email": "the supplier's privacy desk, an organisation's contact",
        },
    ),
    NotPersonal(Product, {"name": _ORG}),
    NotPersonal(
        Agreement,
        {
            "model_version": _ORG,
            "signed_on": _ORG,
            "ends_on": _ORG,
            "fields": _SET,
            "consent_purpose": "a consent purpose key",
            "agreement_document": "a random storage name",
            "privacy_sheet_document": "a random storage name",
            "security_annex_document": "a random storage name",
            "data_location": _ORG,
            "sub_processors": _ORG,
            "certifications": _ORG,
            "breach_contact": "the supplier's breach desk, an organisation's contact",
            "dpia_url": "a link to the board's DPIA document",
            "end_action": _ORG,
            "end_requested_on": _ORG,
            "end_deadline": _ORG,
            "end_confirmed_on": _ORG,
            "end_confirmation": "a reference to the supplier's letter",
            "created_at": _ORG,
        },
    ),
    NotPersonal(FieldApproval, {"field_key": _SET, "reason": "why a supplier needs a field"}),
    NotPersonal(
        DataSetVersion,
        {
            "number": _ORG,
            "fields": _SET,
            "exported_fields": _SET,
            "reason": "why an agreement's data set was amended",
        },
    ),
    NotPersonal(DataFlow, {"source": _ORG, "route": _ORG, "fields": _SET}),
    NotPersonal(
        ExportLog,
        {
            "format": "a file format",
            "fields": _SET,
            "checksum": "a SHA-256 of the whole file, which no one can reverse into values",
        },
    ),
    NotPersonal(EckId, {"salt_id": "a fingerprint of the environment's salt"}),
)


def _recipients(subject: DataSubject) -> Export:
    rows = ExportRow.objects.filter(
        pupil_id=subject.id, export__board_id=subject.board_id
    ).select_related("export__agreement__supplier", "export__agreement__product")
    found: Export = {}
    for row in rows:
        export = row.export
        found.setdefault("pupil.identity", []).append(
            {
                "source": "suppliers.Export",
                "id": export.pk,
                "fields": {
                    "supplier": export.agreement.supplier.name,
                    "product": export.agreement.product.name,
                    "made_at": export.made_at.isoformat(),
                    "exported_fields": list(export.fields),
                },
            }
        )
    return found


def recipients(subject: DataSubject) -> list[DataRecipient]:
    """Every supplier that received the pupil's data in an export (GDPR art. 19: told of a
    correction or erasure), with the categories of the fields it got. Where to tell it: the
    supplier's privacy contact, or else the agreement's contact for data breaches when that is an
    email address (contacts.py); otherwise the privacy officer tells the supplier by hand."""
    from schoolprivacy.suppliers.contacts import privacy_contact
    from schoolprivacy.suppliers.datasets import FIELDS

    found: dict[int, DataRecipient] = {}
    rows = (
        ExportRow.objects.filter(pupil_id=subject.id, export__board_id=subject.board_id)
        .select_related("export__agreement__supplier")
        .order_by("export__made_at")
    )
    for row in rows if subject.kind == "pupil" else []:
        agreement = row.export.agreement
        contact = privacy_contact(agreement.supplier, agreement).email
        before = found.get(agreement.supplier_id)
        keys = {FIELDS[k].category for k in row.export.fields if k in FIELDS}
        found[agreement.supplier_id] = DataRecipient(
            key=f"suppliers.Supplier:{agreement.supplier_id}",
            name=agreement.supplier.name,
            categories=frozenset(keys | (before.categories if before else set())),
            email=contact or (before.email if before else ""),
            received_at=row.export.made_at,
        )
    return list(found.values())


def export(subject: DataSubject) -> Export:
    board = {"board_id": subject.board_id}
    if subject.kind == "pupil":
        return merge(
            _recipients(subject),
            collect(
                EXPORT_ROWS,
                ExportRow.objects.filter(pupil_id=subject.id, export__board_id=subject.board_id),
                subject,
            ),
            collect(ECK_IDS, EckId.objects.filter(pupil_id=subject.id, **board), subject),
        )
    if subject.kind == "staff" and subject.user_id is not None:
        return merge(
            collect(
                EXPORTS, ExportLog.objects.filter(made_by_id=subject.user_id, **board), subject
            ),
            collect(
                APPROVALS,
                FieldApproval.objects.filter(approved_by_id=subject.user_id, **board),
                subject,
            ),
            collect(
                VERSIONS,
                DataSetVersion.objects.filter(changed_by_id=subject.user_id, **board),
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
    if subject.kind != "pupil":
        return Erasure("suppliers", {}, done=not dry_run)
    rows = ExportRow.objects.filter(pupil_id=subject.id, export__board_id=subject.board_id)
    eck_ids = EckId.objects.filter(pupil_id=subject.id, board_id=subject.board_id)
    counts = {"pupil.identity": rows.count(), "pupil.education_number": eck_ids.count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    if not dry_run:
        if "pupil.identity" in counts:
            rows.delete()
        if "pupil.education_number" in counts:
            eck_ids.delete()
    return Erasure("suppliers", counts, done=not dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): per board, one counting query
    and one delete per kind of row for all its pupils."""
    counts: dict[DataSubject, dict[str, int]] = {s: {} for s in subjects}
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        if kind != "pupil":
            continue
        ids = [s.id for s in group]
        rows = ExportRow.objects.filter(export__board_id=board_id, pupil_id__in=ids)
        eck_ids = EckId.objects.filter(board_id=board_id, pupil_id__in=ids)
        found = {
            "pupil.identity": count_per(rows, "pupil_id", ids),
            "pupil.education_number": count_per(eck_ids, "pupil_id", ids),
        }
        for subject in group:
            counts[subject] = {
                key: per.get(subject.id, 0) for key, per in found.items() if key in categories
            }
        if not dry_run:
            if "pupil.identity" in categories:
                rows.delete()
            if "pupil.education_number" in categories:
                eck_ids.delete()
    return {s: Erasure("suppliers", c, done=not dry_run) for s, c in counts.items()}
