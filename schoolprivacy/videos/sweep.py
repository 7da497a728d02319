"""The daily check of live video publications: every one through the gate again (issue 20).

The net under the outbox, as photos/sweep.py is for photos: a consent change whose outbox effect
was lost (a crash between the change and its effect, a path that forgot to write an event) would
leave a video published that may no longer be shown. Each live publication is re-checked in its
own short transaction with the outbox's locks and its "only hide more" rule (videos/withdrawal.py):
re-rendered with every face blurred, or taken offline; the location directors are told as for a
withdrawal. The counts are audited; drift means some path missed the videos: a bug to find.
The audit event is the check's record (`last_check`), which the privacy officer's attention list
reads (videos/attention.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos.models import Publication
from schoolprivacy.photos.sweep import SweepResult
from schoolprivacy.schools.models import Board
from schoolprivacy.videos.models import VideoPublication
from schoolprivacy.videos.withdrawal import directors_tell, publications_recheck

CHECKED = "videos.publications.checked"


@dataclass(frozen=True)
class VideoCheck:
    started_at: datetime
    checked: int
    drift: int


def video_publications_sweep(*, board: Board) -> SweepResult:
    live = VideoPublication.objects.filter(board=board, status=VideoPublication.Status.LIVE)
    checked = drift = 0
    for pk in list(live.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            takedowns = publications_recheck(
                VideoPublication.objects.filter(pk=pk), cause=Publication.Reason.CHECK
            )
            directors_tell(takedowns)
        checked += 1
        drift += 1 if takedowns else 0
    audit_record(
        action=CHECKED,
        board_id=board.pk,
        actor_id=None,
        context={"checked": checked, "drift": drift},
        channel="task",
    )
    return SweepResult(board, checked, drift)


def recent_checks(board_id: int, limit: int = 10) -> list[VideoCheck]:
    """The board's newest daily checks of live video publications, newest first (their audit
    events: a board's events form one chain, `chain` = the board's id)."""
    events = AuditEvent.objects.filter(chain=board_id, action=CHECKED).order_by("-seq")[:limit]
    return [
        VideoCheck(
            started_at=event.occurred_at,
            checked=int(event.context.get("checked", 0)),
            drift=int(event.context.get("drift", 0)),
        )
        for event in events
    ]


def last_check(board_id: int) -> VideoCheck | None:
    """The newest daily check of the board's live video publications."""
    checks = recent_checks(board_id, limit=1)
    return checks[0] if checks else None
