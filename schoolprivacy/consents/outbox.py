"""The consent outbox: effects of a change in consent that must not be lost.

A withdrawal takes effect at once (the status is derived from the ledger), but what follows from
it (taking photos offline, telling the photographer, telling a pupil who turned 16) happens
later. Every write that can change what consent allows (a decision, a dispute, a change of
parental authority, a new text version, a purpose or channel setting) writes a ConsentEvent in
its own transaction, and enqueues the `handle_consent_events` task after commit. If the process
dies between commit and handling, the event is still pending: the next run of the task or of
`schoolprivacy handle-consent-events` picks it up. An event is marked handled only after its
handler succeeded, in the same transaction, so it is handled at least once and marked once;
handlers must be idempotent.

A failing event is retried with back-off and never blocks the events behind it; after
`MAX_ATTEMPTS` it is parked ("given up", the dead letter) where the privacy officer sees it and
can retry it. Effects that send email send it only after their transaction committed, so a
rolled-back effect never tells anyone of something that did not happen.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schoolprivacy.audit.services import audit_record
from schoolprivacy.consents.models import ComingOfAgeNotice, ConsentEvent, EventKind, Purpose
from schoolprivacy.people.models import Pupil

# After this many failed attempts an event is given up (dead letter) until someone retries it.
MAX_ATTEMPTS = 8
# Back-off after the n-th failure: 1, 2, 4, ... minutes, at most 6 hours.
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
BATCH = 500

Handler = Callable[[ConsentEvent], None]
# Other apps (photos, disclosures) register what a kind of event means for them.
EFFECTS: dict[str, list[Handler]] = {kind.value: [] for kind in EventKind}


def effect_register(kind: str, handler: Handler) -> None:
    """Let another app act on events of `kind` (e.g. photos unpublishes on a withdrawal)."""
    if handler not in EFFECTS[kind]:
        EFFECTS[kind].append(handler)


def _enqueue(run_after: datetime | None = None) -> None:
    """Wake the worker now, or at `run_after` (a retry), where the task backend can defer."""
    from django.tasks import default_task_backend

    from schoolprivacy.consents.tasks import handle_consent_events

    if run_after is None:
        handle_consent_events.enqueue()
    elif default_task_backend.supports_defer:
        handle_consent_events.using(run_after=run_after).enqueue()


def event_add(
    *,
    kind: str,
    pupil: Pupil | None = None,
    purpose: Purpose | None = None,
    board_id: int | None = None,
    channel_id: int | None = None,
) -> ConsentEvent:
    """Write an event in the caller's transaction; wake the worker once it is committed."""
    board = board_id or (pupil.board_id if pupil else purpose.board_id if purpose else None)
    if board is None:
        raise ValueError("A consent event needs a board.")
    event = ConsentEvent.objects.create(
        board_id=board, kind=kind, pupil=pupil, purpose=purpose, channel_id=channel_id
    )
    transaction.on_commit(_enqueue)
    return event


def events_add_for_pupils(*, kind: str, board_id: int, pupil_ids: Iterable[int]) -> int:
    """One event per pupil in one insert (an import may change many links at once)."""
    rows = ConsentEvent.objects.bulk_create(
        ConsentEvent(board_id=board_id, kind=kind, pupil_id=pk) for pk in sorted(set(pupil_ids))
    )
    if rows:
        transaction.on_commit(_enqueue)
    return len(rows)


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
    assert event.pupil_id is not None  # the model's constraint: this kind names a pupil
    notice = ComingOfAgeNotice.objects.select_related("pupil__user").get(pupil_id=event.pupil_id)
    if notice.pupil_informed_at is not None:
        return  # idempotent: handled before, marking failed
    user = notice.pupil.user
    if user is None or not user.email:
        # No account yet: the notice waits, and goes once the pupil has one
        # (`notices_waiting_requeue`, run daily), instead of being marked as sent.
        return
    language = getattr(user, "email_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        message = EmailMessage(
            subject=_("You now decide about your own consent"),
            body=_(
                "You have turned 16. From now on you decide yourself about consent for "
                "photos and other purposes at school. Your parents gave or refused consent "
                "before; that keeps counting until you decide otherwise. You may withdraw "
                "consent at any time in the portal."
            ),
            to=[user.email],
        )
    send_after_commit(message)
    notice.pupil_informed_at = timezone.now()
    notice.save(update_fields=["pupil_informed_at"])


def notices_waiting_requeue(board_id: int) -> int:
    """Notices of pupils who turned 16 without an account: queue them again once the pupil has
    one with an email address (the pupil administration gave one, issue 13)."""
    waiting = ComingOfAgeNotice.objects.filter(
        board_id=board_id,
        pupil_informed_at__isnull=True,
        pupil__user__isnull=False,
        pupil__user__email__gt="",
    ).exclude(
        pupil_id__in=ConsentEvent.objects.filter(
            kind=EventKind.PUPIL_CAME_OF_AGE, handled_at__isnull=True
        ).values("pupil_id")
    )
    count = 0
    for notice in waiting.select_related("pupil"):
        event_add(kind=EventKind.PUPIL_CAME_OF_AGE, pupil=notice.pupil)
        count += 1
    return count


def default_handler(event: ConsentEvent) -> None:
    if event.kind == EventKind.PUPIL_CAME_OF_AGE:
        _tell_pupil(event)
    for effect in EFFECTS[event.kind]:
        effect(event)


def send_after_commit(message: EmailMessage) -> None:
    """Send once the caller's transaction committed; never for a change that was rolled back."""
    transaction.on_commit(message.send, robust=True)


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure before trying again: doubling, capped."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _due(now: datetime) -> Q:
    return Q(handled_at__isnull=True, failed_at__isnull=True) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _pending(now: datetime, limit: int) -> list[int]:
    return list(
        ConsentEvent.objects.filter(_due(now)).order_by("id").values_list("pk", flat=True)[:limit]
    )


def _failed(pk: int, error: Exception, now: datetime) -> None:
    attempts = (
        ConsentEvent.objects.filter(pk=pk).values_list("attempts", flat=True).first() or 0
    ) + 1
    given_up = attempts >= MAX_ATTEMPTS
    retry_at = None if given_up else now + backoff(attempts)
    ConsentEvent.objects.filter(pk=pk).update(
        attempts=F("attempts") + 1,
        last_error=type(error).__name__[:100],
        next_attempt_at=retry_at,
        failed_at=now if given_up else None,
    )
    if retry_at is not None:
        _enqueue(run_after=retry_at)  # the retry happens by itself, not only at the next event


def handle_pending(*, handler: Handler = default_handler, limit: int = BATCH) -> int:
    """Handle the events that are due, oldest first; returns how many were handled now.

    Each event in its own transaction, locked with SKIP LOCKED on PostgreSQL so that several
    workers never handle the same event at once. A failing handler leaves the event pending with
    its next attempt later (so it never starves the events behind it), or gives it up after
    MAX_ATTEMPTS.
    """
    handled = 0
    now = timezone.now()
    due = _pending(now, limit)
    for pk in due:
        try:
            with transaction.atomic():
                rows = ConsentEvent.objects.filter(_due(now), pk=pk)
                if connection.features.has_select_for_update_skip_locked:
                    rows = rows.select_for_update(skip_locked=True)
                event = rows.first()
                if event is None:  # another worker has it
                    continue
                handler(event)
                event.handled_at = timezone.now()
                event.attempts += 1
                event.next_attempt_at = None
                event.save(update_fields=["handled_at", "attempts", "next_attempt_at"])
                handled += 1
        except Exception as error:  # any handler failure leaves the event for a later attempt
            _failed(pk, error, now)
    return handled


@transaction.atomic
def events_retry(
    *, board_id: int, event_ids: Iterable[int] | None = None, actor_id: int | None = None
) -> int:
    """Put given-up (or waiting) events of the board back in the queue, due now."""
    rows = ConsentEvent.objects.filter(board_id=board_id, handled_at__isnull=True)
    if event_ids is not None:
        rows = rows.filter(pk__in=list(event_ids))
    count = rows.update(failed_at=None, next_attempt_at=None)
    if count:
        audit_record(
            action="consents.events.retried",
            board_id=board_id,
            actor_id=actor_id,
            context={"count": count},
        )
        transaction.on_commit(_enqueue)
    return count


def queue_state(board_id: int) -> dict[str, int]:
    """Counts for the privacy officer: due now, waiting for a retry, given up."""
    open_ = ConsentEvent.objects.filter(board_id=board_id, handled_at__isnull=True)
    return {
        "due": open_.filter(failed_at__isnull=True, next_attempt_at__isnull=True).count(),
        "retrying": open_.filter(failed_at__isnull=True, next_attempt_at__isnull=False).count(),
        "given_up": open_.filter(failed_at__isnull=False).count(),
    }
