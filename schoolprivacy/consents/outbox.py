"""The consent outbox: effects of a withdrawal that must not be lost.

A withdrawal takes effect at once (the status is derived from the ledger), but what follows from
it (taking photos offline, telling the photographer, telling a pupil who turned 16) happens
later. The service writes a ConsentEvent in the transaction of the decision, and enqueues the
`handle_consent_events` task after commit. If the process dies between commit and handling,
the event is still pending: the next run of the task or of `schoolprivacy handle-consent-events`
picks it up. An event is marked handled only after its handler succeeded, in the same
transaction, so it is handled at least once and marked once; handlers must be idempotent.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schoolprivacy.consents.models import ComingOfAgeNotice, ConsentEvent, EventKind, Purpose
from schoolprivacy.people.models import Pupil

Handler = Callable[[ConsentEvent], None]
# Other apps (photos, disclosures) register what a kind of event means for them.
EFFECTS: dict[str, list[Handler]] = {kind.value: [] for kind in EventKind}


def effect_register(kind: str, handler: Handler) -> None:
    """Let another app act on events of `kind` (e.g. photos unpublishes on a withdrawal)."""
    if handler not in EFFECTS[kind]:
        EFFECTS[kind].append(handler)


def _enqueue() -> None:
    from schoolprivacy.consents.tasks import handle_consent_events

    handle_consent_events.enqueue()


def event_add(*, kind: str, pupil: Pupil, purpose: Purpose | None) -> ConsentEvent:
    """Write an event in the caller's transaction; wake the worker once it is committed."""
    event = ConsentEvent.objects.create(
        board_id=pupil.board_id, kind=kind, pupil=pupil, purpose=purpose
    )
    transaction.on_commit(_enqueue)
    return event


def notified_pupil_ids(board_id: int) -> list[int]:
    return list(
        ComingOfAgeNotice.objects.filter(board_id=board_id).values_list("pupil_id", flat=True)
    )


def notice_add(*, pupil: Pupil) -> ComingOfAgeNotice:
    """One notice per pupil (a OneToOne keeps it to once), produced through the outbox."""
    notice = ComingOfAgeNotice.objects.create(board_id=pupil.board_id, pupil=pupil)
    event_add(kind=EventKind.PUPIL_CAME_OF_AGE, pupil=pupil, purpose=None)
    return notice


def _tell_pupil(event: ConsentEvent) -> None:
    """UAVG art. 5: from 16 the pupil decides, and is told they may withdraw earlier consent."""
    notice = ComingOfAgeNotice.objects.select_related("pupil__user").get(pupil_id=event.pupil_id)
    if notice.pupil_informed_at is not None:
        return  # idempotent: handled before, marking failed
    user = notice.pupil.user
    if user is not None and user.email:
        with translation.override("nl"):
            EmailMessage(
                subject=_("You now decide about your own consent"),
                body=_(
                    "You have turned 16. From now on you decide yourself about consent for "
                    "photos and other purposes at school. Your parents gave or refused consent "
                    "before; that keeps counting until you decide otherwise. You may withdraw "
                    "consent at any time in the portal."
                ),
                to=[user.email],
            ).send()
    notice.pupil_informed_at = timezone.now()
    notice.save(update_fields=["pupil_informed_at"])


def default_handler(event: ConsentEvent) -> None:
    if event.kind == EventKind.PUPIL_CAME_OF_AGE:
        _tell_pupil(event)
    for effect in EFFECTS[event.kind]:
        effect(event)


def _pending() -> list[int]:
    return list(
        ConsentEvent.objects.filter(handled_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)[:500]
    )


def handle_pending(*, handler: Handler = default_handler, limit: int = 500) -> int:
    """Handle pending events one by one; returns how many were handled now.

    Each event in its own transaction, locked with SKIP LOCKED on PostgreSQL so that several
    workers never handle the same event at once. A failing handler leaves the event pending
    (with the attempt counted) and the others go on.
    """
    handled = 0
    for pk in _pending()[:limit]:
        try:
            with transaction.atomic():
                rows = ConsentEvent.objects.filter(pk=pk, handled_at__isnull=True)
                if connection.features.has_select_for_update_skip_locked:
                    rows = rows.select_for_update(skip_locked=True)
                event = rows.first()
                if event is None:  # another worker has it
                    continue
                handler(event)
                event.handled_at = timezone.now()
                event.attempts += 1
                event.save(update_fields=["handled_at", "attempts"])
                handled += 1
        except Exception as error:  # any handler failure leaves the event pending
            ConsentEvent.objects.filter(pk=pk).update(
                attempts=F("attempts") + 1, last_error=type(error).__name__[:100]
            )
    return handled
