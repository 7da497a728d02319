"""What the processor register asks of the privacy officer (schoolprivacy/attention.py):

- an agreement that ends within EXPIRY_WARNING_DAYS (arrange a new one, or the end);
- an agreement that ended without a request to return or destroy the data;
- a request to return or destroy the data that the supplier has not confirmed (overdue after
  its deadline);
- an extra field an agreement names that waits for the privacy officer's approval.
"""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import field_approval_board, supplier_register_board
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.models import Agreement, Status


def _at(day: object) -> datetime:
    assert day is not None
    return timezone.make_aware(datetime.combine(day, time(23, 59)))  # type: ignore[arg-type]


def attention_items(user: User) -> list[AttentionItem]:
    board = supplier_register_board(user)
    if board is None:
        return []
    approver = field_approval_board(user) == board
    today = timezone.localdate()
    items: list[AttentionItem] = []
    rows = Agreement.objects.filter(board_id=board, end_confirmed_on__isnull=True).select_related(
        "supplier", "product"
    )
    for agreement in rows.prefetch_related("approvals"):
        url = reverse("suppliers:agreement", args=[agreement.pk])
        name = f"{agreement.supplier.name}: {agreement.product.name}"
        status = agreement.status_on(today)
        if agreement.end_requested_on is not None:
            items.append(
                AttentionItem(
                    kind="agreement",
                    title=_("Confirmation of return or destruction missing: %(name)s")
                    % {"name": name},
                    url=url,
                    due_at=_at(agreement.end_deadline),
                    detail=_("The supplier must confirm that the data was returned or destroyed."),
                    overdue=agreement.end_deadline is not None and agreement.end_deadline < today,
                )
            )
        elif status == Status.ENDED:
            items.append(
                AttentionItem(
                    kind="agreement",
                    title=_("Agreement ended: %(name)s") % {"name": name},
                    url=url,
                    due_at=_at(agreement.ends_on),
                    detail=_("Ask the supplier to return or destroy the data."),
                    overdue=True,
                )
            )
        elif status == Status.EXPIRING:
            items.append(
                AttentionItem(
                    kind="agreement",
                    title=_("Agreement ends soon: %(name)s") % {"name": name},
                    url=url,
                    due_at=_at(agreement.ends_on),
                    detail=_("Arrange a new agreement, or the return or destruction of the data."),
                )
            )
        approved = {a.field_key for a in agreement.approvals.all()}
        waiting = [k for k in datasets.needs_approval(agreement.field_keys) if k not in approved]
        if approver and waiting and status != Status.ENDED:
            items.append(
                AttentionItem(
                    kind="agreement",
                    title=_("Extra fields wait for your approval: %(name)s") % {"name": name},
                    url=url,
                    detail=", ".join(datasets.labels(waiting)),
                )
            )
    return items
