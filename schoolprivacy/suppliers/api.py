"""Suppliers over the API (mounted under /api/v1/ by `api.router`).

- `GET/POST /suppliers`, `GET/POST /agreements`: the privacy officer and the functional
  administrator keep the register (a supplier with its optional privacy contact); the
  administration of a school reads the agreements that name it. Anyone else: 404.
- `POST /agreements/{id}/exports` (`format`: `oneroster` or `uwlr`, `school`): the
  administration of a school the agreement names; answers with the file itself.
- `GET /exports`: the exports the caller may see (keepers: the board's; administration: their
  schools').

422 for a field that may never be offered (gender, the education number, special data) or that
is no field at all, and for an export the agreement does not allow; 401 without a token.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from schoolprivacy.access.policy import (
    field_approval_board,
    supplier_reader_board,
    supplier_register_board,
)
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.api_ints import Id
from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.models import Agreement, Export
from schoolprivacy.suppliers.selectors import (
    agreements_for,
    exports_for,
    get_agreement_for,
    get_export_school,
    suppliers_for,
)
from schoolprivacy.suppliers.services import agreement_create, effective_fields, supplier_create

router = Router(tags=["suppliers"])


class SupplierIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    processor: Id | None = Field(
        None, description="For a sub-processor: the id of the processor it works for."
    )
    privacy_contact_name: str = Field("", max_length=200)
    privacy_contact_email: str = Field(
        "",
        max_length=254,
        description="Where GDPR art. 19 notices go; empty: the agreement's breach contact.",
    )


class SupplierOut(Schema):
    id: int
    name: str
    kind: str
    role: str
    processor_id: int | None
    covenant_signed: bool
    privacy_contact_name: str
    privacy_contact_email: str


class AgreementIn(Schema):
    supplier: Id
    product: str = Field(..., min_length=1, max_length=200)
    schools: list[Id] = Field(..., min_length=1, max_length=500)
    fields: list[str] = Field(..., description=f"Keys: {', '.join(datasets.KEYS)}.")
    signed_on: date | None = None
    ends_on: date


class AgreementOut(Schema):
    id: int
    supplier: int
    supplier_name: str
    product: str
    schools: list[int]
    fields: list[str]
    exported_fields: list[str] = Field(
        ..., description="The fields exports contain: extra fields only once approved."
    )
    signed_on: date | None
    ends_on: date
    status: str
    version: int


class ExportIn(Schema):
    format: Literal["oneroster", "uwlr"]
    school: Id
    encoding: Literal["csv", "json"] = Field("csv", description="For uwlr: CSV or JSON.")


class ExportOut(Schema):
    id: int
    agreement: int
    school: int
    format: str
    made_at: datetime
    agreement_version: int
    fields: list[str]
    pupil_count: int
    left_out_count: int
    checksum: str
    added: int | None
    removed: int | None
    changed: int | None


class ErrorOut(Schema):
    detail: Any


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


def _keeper_board(user: User) -> Board:
    board_id = supplier_register_board(user)
    if board_id is None:
        raise Http404
    return Board.objects.get(pk=board_id)


def _agreement(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        "supplier": agreement.supplier_id,
        "supplier_name": agreement.supplier.name,
        "product": agreement.product.name,
        "schools": sorted(s.pk for s in agreement.schools.all()),
        "fields": list(agreement.field_keys),
        "exported_fields": list(effective_fields(agreement)),
        "signed_on": agreement.signed_on,
        "ends_on": agreement.ends_on,
        "status": agreement.status_on(timezone.localdate()),
        "version": agreement.version,
    }


@router.get("/suppliers", response=list[SupplierOut], summary="The board's suppliers")
def list_suppliers(request: HttpRequest) -> Any:
    user = _caller(request)
    rows = suppliers_for(user)
    if supplier_reader_board(user) is None:
        raise Http404
    return list(rows)


@router.post(
    "/suppliers",
    response={201: SupplierOut, 422: ErrorOut},
    summary="Register a supplier (privacy officer, functional administrator)",
)
def create_supplier(request: HttpRequest, payload: SupplierIn) -> Any:
    user = _caller(request)
    board = _keeper_board(user)
    processor = None
    if payload.processor is not None:
        processor = get_object_or_404(suppliers_for(user), pk=payload.processor)
    try:
        supplier = supplier_create(
            board=board,
            actor=user,
            name=payload.name,
            processor=processor,
            privacy_contact_name=payload.privacy_contact_name,
            privacy_contact_email=payload.privacy_contact_email,
            channel="api",
        )
    except ValidationError as error:
        return Status(422, {"detail": error.messages})
    return Status(201, supplier)


@router.get("/agreements", response=list[AgreementOut], summary="Processor agreements")
def list_agreements(request: HttpRequest) -> Any:
    user = _caller(request)
    rows = agreements_for(user)
    if supplier_reader_board(user) is None:
        raise Http404
    return [_agreement(a) for a in rows]


@router.post(
    "/agreements",
    response={201: AgreementOut, 422: ErrorOut},
    summary="Register a processor agreement with its data set",
)
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Any:
    user = _caller(request)
    board = _keeper_board(user)
    supplier = get_object_or_404(suppliers_for(user), pk=payload.supplier)
    schools = list(School.objects.filter(board=board, pk__in=payload.schools))
    if len(schools) != len(set(payload.schools)):
        raise Http404  # a school of another board, or none: not in scope
    # The privacy officer's own agreement records their approval of its extra fields, dated.
    approver = user if field_approval_board(user) == board.pk else None
    try:
        agreement = agreement_create(
            board=board,
            actor=user,
            supplier=supplier,
            product_name=payload.product,
            schools=schools,
            fields=payload.fields,
            signed_on=payload.signed_on,
            ends_on=payload.ends_on,
            approver=approver,
            channel="api",
        )
    except datasets.DataSetError as error:
        return Status(422, {"detail": error.messages})
    except ValidationError as error:
        return Status(422, {"detail": error.messages})
    return Status(201, _agreement(get_agreement_for(user, agreement.pk)))


@router.post(
    "/agreements/{agreement_id}/exports",
    response={200: None, 422: ErrorOut},
    summary="Make a roster export for one school; answers with the file",
)
def create_export(request: HttpRequest, agreement_id: Id, payload: ExportIn) -> Any:
    user = _caller(request)
    agreement = get_agreement_for(user, agreement_id)
    school = get_export_school(user, agreement, payload.school)
    fmt = {
        ("oneroster", "csv"): Export.Format.ONEROSTER,
        ("oneroster", "json"): Export.Format.ONEROSTER,
        ("uwlr", "csv"): Export.Format.UWLR_CSV,
        ("uwlr", "json"): Export.Format.UWLR_JSON,
    }[(payload.format, payload.encoding)]
    try:
        made = export_make(agreement=agreement, school=school, actor=user, fmt=fmt, channel="api")
    except ExportRefused as refused:
        return Status(422, {"detail": [str(refused)]})
    response = FileResponse(
        made.file, as_attachment=True, filename=made.filename, content_type=made.content_type
    )
    response["X-Export-Id"] = str(made.export.pk)
    response["X-Checksum-SHA256"] = made.export.checksum
    return response


@router.get("/exports", response=list[ExportOut], summary="Roster exports made")
def list_exports(request: HttpRequest) -> Any:
    user = _caller(request)
    rows = exports_for(user)
    if supplier_reader_board(user) is None:
        raise Http404
    return [
        {
            "id": e.pk,
            "agreement": e.agreement_id,
            "school": e.school_id,
            "format": e.format,
            "made_at": e.made_at,
            "agreement_version": e.agreement_version,
            "fields": e.fields,
            "pupil_count": e.pupil_count,
            "left_out_count": e.left_out_count,
            "checksum": e.checksum,
            "added": e.added,
            "removed": e.removed,
            "changed": e.changed,
        }
        for e in rows[:500]
    ]
