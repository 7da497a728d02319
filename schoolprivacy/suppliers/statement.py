"""The processors and their data sets from the live register, for the public privacy statement
(the register app's statement builds its sentences from this; this module builds no text)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.models import Agreement, DataFlow, Status
from schoolprivacy.suppliers.services import effective_fields


@dataclass(frozen=True)
class Processor:
    supplier: str
    product: str
    kind: str  # Supplier.Kind value
    covenant_signed: bool
    fields: tuple[str, ...]  # catalogue keys
    field_labels: tuple[str, ...]  # translated, in the active language
    routes: tuple[str, ...]  # DataFlow.Route values
    schools: tuple[int, ...]
    ends_on: date


def processors(board: Board, *, school: School | None = None) -> list[Processor]:
    """Every processor with a signed, running agreement of the board (optionally: at one school),
    with the data set exports and flows may carry."""
    today = timezone.localdate()
    rows = (
        Agreement.objects.filter(board=board)
        .select_related("supplier", "product")
        .prefetch_related("schools", "flows", "approvals")
        .order_by("supplier__name", "product__name")
    )
    found = []
    for agreement in rows:
        if agreement.status_on(today) not in (Status.ACTIVE, Status.EXPIRING):
            continue
        schools = tuple(s.pk for s in agreement.schools.all())
        if school is not None and school.pk not in schools:
            continue
        fields = effective_fields(agreement)
        found.append(
            Processor(
                supplier=agreement.supplier.name,
                product=agreement.product.name,
                kind=agreement.supplier.kind,
                covenant_signed=agreement.supplier.covenant_signed,
                fields=fields,
                field_labels=tuple(datasets.labels(fields)),
                routes=tuple(
                    sorted({DataFlow.Route(f.route).value for f in agreement.flows.all()})
                ),
                schools=schools,
                ends_on=agreement.ends_on,
            )
        )
    return found
