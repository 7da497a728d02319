"""Reminders of a yearly consent round (domain.md, Consent: a round with a deadline and reminders
may close collection, never withdrawal)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents.models import ConsentRound
from schoolprivacy.consents.notifications import REMINDER, send_consent_request


def consent_rounds_remind(*, on: date | None = None) -> int:
    """Send each open round's one reminder when it is due; returns how many rounds reminded.

    A round is due from `reminder_days_before` days before its deadline until the deadline. The
    reminder goes only to holders of pupils without an answer, and never twice for one round.
    """
    today = on or timezone.localdate()
    due = [
        r
        for r in ConsentRound.objects.filter(
            opens_on__lte=today, deadline__gte=today, reminded_on__isnull=True
        ).prefetch_related("purposes")
        if today >= r.deadline - timedelta(days=r.reminder_days_before)
    ]
    for consent_round in due:
        remind_round(consent_round, today)
    return len(due)


@transaction.atomic
def remind_round(
    consent_round: ConsentRound, today: date, *, actor_id: int | None = None, channel: str = "task"
) -> bool:
    """Send the round's one reminder (also from its page, consents/rounds.py); False when it was
    sent already."""
    # Claim the round first, so two workers never both send its reminder.
    claimed = ConsentRound.objects.filter(pk=consent_round.pk, reminded_on__isnull=True).update(
        reminded_on=today
    )
    if not claimed:
        return False
    purpose_ids = [p.pk for p in consent_round.purposes.all() if p.is_active]
    school_id = consent_round.school_id

    def enqueue() -> None:
        for purpose_id in purpose_ids:
            send_consent_request.enqueue(
                purpose_id=purpose_id, reason=REMINDER, school_id=school_id
            )

    transaction.on_commit(enqueue)
    audit_record(
        action="consents.round.reminded",
        board_id=consent_round.board_id,
        actor_id=actor_id,
        subjects=[Subject(subject_types.CONSENT_ROUND, consent_round.pk)],
        context={"purposes": len(purpose_ids)},
        channel=channel,
    )
    return True
