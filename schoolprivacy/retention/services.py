"""Writes of the retention app besides erasure and purge: legal holds (audited)."""

from django.db import transaction
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil
from schoolprivacy.retention.models import LegalHold


@transaction.atomic
def legal_hold_place(*, actor: User, pupil: Pupil, reason: str, case: str = "") -> LegalHold:
    """Suspend erasure and purge of the pupil's data (and their parents') until released."""
    if reason not in LegalHold.Reason.values:
        raise ValueError(f"Unknown hold reason {reason!r}.")
    # The pupil's row first, as an erasure confirmation takes it: a hold placed while an
    # erasure runs waits for it, and one placed before makes the erasure's check refuse.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).exists()
    hold = LegalHold.objects.create(
        board_id=pupil.board_id, pupil=pupil, reason=reason, case=case, placed_by=actor
    )
    audit_record(
        action="retention.hold.placed",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, pupil.pk),
            Subject(subject_types.LEGAL_HOLD, hold.pk),
        ],
        context={"reason": reason},
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor: User, hold: LegalHold) -> LegalHold:
    if hold.released_at is None:
        hold.released_at = timezone.now()
        hold.save(update_fields=["released_at"])
        audit_record(
            action="retention.hold.released",
            board_id=hold.board_id,
            actor_id=actor.pk,
            subjects=[
                Subject(subject_types.PUPIL, hold.pupil_id),
                Subject(subject_types.LEGAL_HOLD, hold.pk),
            ],
        )
    return hold
