"""Reads of the processor register, limited to what the acting user may see (404 otherwise).

Register keepers (privacy officer, functional administrator) see their board's register; the
administration of a school sees the agreements that name their school and the exports of that
school. Parents see, per child, the suppliers that receive data and which fields
(`supplier_view_for_pupil`); the public statement reads `statement.processors`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.access.policy import (
    export_school_ids,
    supplier_reader_board,
    supplier_register_board,
)
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import School
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.models import (
    Agreement,
    DataFlow,
    Export,
    FieldApproval,
    Status,
    Supplier,
)
from schoolprivacy.suppliers.services import effective_fields


def suppliers_for(user: User) -> QuerySet[Supplier]:
    board = supplier_reader_board(user)
    if board is None:
        return Supplier.objects.none()
    return Supplier.objects.filter(board_id=board)


def get_supplier_for_keeper(user: User, supplier_id: int) -> Supplier:
    board = supplier_register_board(user)
    if board is None:
        raise Http404
    return get_object_or_404(Supplier.objects.filter(board_id=board), pk=supplier_id)


def _with_relations(rows: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return rows.select_related("supplier", "product").prefetch_related(
        "schools", "flows", Prefetch("approvals", queryset=FieldApproval.objects.order_by("pk"))
    )


def agreements_for(user: User) -> QuerySet[Agreement]:
    """Keepers: the board's agreements. The administration: those that name their schools."""
    keeper = supplier_register_board(user)
    if keeper is not None:
        return _with_relations(Agreement.objects.filter(board_id=keeper))
    schools = export_school_ids(user)
    if not schools:
        return Agreement.objects.none()
    rows = Agreement.objects.filter(schools__in=schools).distinct()
    return _with_relations(rows)


def get_agreement_for(user: User, agreement_id: int) -> Agreement:
    return get_object_or_404(agreements_for(user), pk=agreement_id)


def get_agreement_for_keeper(user: User, agreement_id: int) -> Agreement:
    board = supplier_register_board(user)
    if board is None:
        raise Http404
    return get_object_or_404(
        _with_relations(Agreement.objects.filter(board_id=board)), pk=agreement_id
    )


def export_schools(user: User, agreement: Agreement) -> QuerySet[School]:
    """The schools of this agreement whose exports the user may make."""
    return agreement.schools.filter(pk__in=export_school_ids(user)).order_by("name")


def get_export_school(user: User, agreement: Agreement, school_id: int) -> School:
    return get_object_or_404(export_schools(user, agreement), pk=school_id)


def exports_for(user: User) -> QuerySet[Export]:
    keeper = supplier_register_board(user)
    rows = Export.objects.select_related("agreement__supplier", "agreement__product", "school")
    if keeper is not None:
        return rows.filter(board_id=keeper)
    schools = export_school_ids(user)
    return rows.filter(school_id__in=schools) if schools else Export.objects.none()


# --- For parents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierForChild:
    supplier: str
    product: str
    fields: list[str]
    routes: list[str]
    ends_on: date


def supplier_view_for_pupil(pupil: Pupil) -> list[SupplierForChild]:
    """The suppliers that receive data about this child now, with the fields and routes.

    The caller has already decided the parent may see the child (access.parents).
    """
    today = timezone.localdate()
    rows = _with_relations(
        Agreement.objects.filter(board_id=pupil.board_id, schools=pupil.school_id)
    )
    found = []
    for agreement in rows:
        if agreement.status_on(today) not in (Status.ACTIVE, Status.EXPIRING):
            continue
        fields = effective_fields(agreement)
        routes = sorted({str(DataFlow.Route(f.route).label) for f in agreement.flows.all()})
        found.append(
            SupplierForChild(
                supplier=agreement.supplier.name,
                product=agreement.product.name,
                fields=datasets.labels(fields),
                routes=routes,
                ends_on=agreement.ends_on,
            )
        )
    return found
