"""The daily check: every live publication through the gate again (issue 10).

The outbox should already have brought every publication in line with consent; this check is
the net under it. It re-checks each live publication in its own short transaction with the same
locks and the same "only hide more" rule as the outbox (photos/withdrawal.py), fixes what it
finds, tells the location directors as a withdrawal would, and records the counts for the
privacy officer. Drift means some path changes consent without reaching photos: a bug to find.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos.models import Publication, PublicationCheck
from schoolprivacy.photos.withdrawal import directors_tell, publications_recheck
from schoolprivacy.schools.models import Board


@dataclass(frozen=True)
class SweepResult:
    board: Board
    checked: int
    drift: int


def publications_sweep(*, board: Board) -> SweepResult:
    started = timezone.now()
    live = Publication.objects.filter(board=board, status=Publication.Status.LIVE)
    checked = drift = 0
    for pk in list(live.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            takedowns = publications_recheck(
                Publication.objects.filter(pk=pk), cause=Publication.Reason.CHECK
            )
            directors_tell(takedowns)
        checked += 1
        drift += 1 if takedowns else 0
    with transaction.atomic():
        PublicationCheck.objects.create(
            board=board,
            started_at=started,
            finished_at=timezone.now(),
            checked=checked,
            drift=drift,
        )
        audit_record(
            action="photos.publications.checked",
            board_id=board.pk,
            actor_id=None,
            context={"checked": checked, "drift": drift},
            channel="task",
        )
    return SweepResult(board, checked, drift)


def last_check(board_id: int) -> PublicationCheck | None:
    return PublicationCheck.objects.filter(board_id=board_id).first()
