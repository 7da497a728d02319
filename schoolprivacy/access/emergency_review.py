"""The privacy officer's review of emergency accesses (issue 17, decision 0032).

Every emergency access is reviewed once, by the privacy officer of the board, never by the staff
member who opened it: the outcome (reviewed, justified, not justified), who and when are kept on
the access itself and the review is audited (the note stays out of the log: it is free text).
An access to review is due BREAK_GLASS_REVIEW_DAYS after it was opened.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.models import BreakGlassAccess, ReviewOutcome
from schoolprivacy.access.selectors import break_glass_for_officer, privacy_officer_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

# A week: long enough to ask the staff member or their director, short enough to still remember.
BREAK_GLASS_REVIEW_DAYS = 7
REVIEWED = "access.break_glass.reviewed"


def review_due(access: BreakGlassAccess) -> datetime:
    return access.opened_at + timedelta(days=BREAK_GLASS_REVIEW_DAYS)


def unreviewed_for_officer(user: User) -> QuerySet[BreakGlassAccess]:
    """Emergency accesses of the officer's board that still wait for review, oldest first."""
    return break_glass_for_officer(user).filter(reviewed_at__isnull=True).order_by("opened_at")


def get_break_glass_for_review(user: User, access_id: int) -> BreakGlassAccess:
    """One emergency access of the officer's board, or 404 for everyone else."""
    access = break_glass_for_officer(user).filter(pk=access_id).first()
    if access is None:
        raise Http404
    return access


@transaction.atomic
def break_glass_review(
    *, user: User, access: BreakGlassAccess, outcome: str, note: str = "", channel: str = "web"
) -> BreakGlassAccess:
    board_id = privacy_officer_board_id(user)
    if board_id is None or board_id != access.board_id:
        raise ValidationError(_("Only the privacy officer of the board reviews emergency access."))
    staff = getattr(user, "staff", None)
    if staff is None or staff.pk == access.staff_id:
        raise ValidationError(_("Nobody reviews their own emergency access."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError(_("Choose an outcome."), code="outcome")
    note = note.strip()
    if outcome == ReviewOutcome.UNJUSTIFIED and not note:
        raise ValidationError(
            _("Say how an unjustified emergency access was followed up."), code="note"
        )
    now = timezone.now()
    # One conditional update: of two officers reviewing at once, exactly one wins (no lock
    # needed, the database serialises the row).
    updated = BreakGlassAccess.objects.filter(pk=access.pk, reviewed_at__isnull=True).update(
        review_outcome=outcome, reviewed_at=now, reviewed_by=staff, review_note=note
    )
    if not updated:
        raise ValidationError(_("This emergency access has already been reviewed."), code="done")
    audit_record(
        action=REVIEWED,
        board_id=access.board_id,
        actor_id=user.pk,
        subjects=[
            Subject(subject_types.BREAK_GLASS, access.pk),
            Subject(subject_types.PUPIL, access.pupil_id),
            Subject(subject_types.STAFF, access.staff_id),
        ],
        fields=["review_outcome", "reviewed_at", "reviewed_by", *(["review_note"] if note else [])],
        context={"outcome": outcome},
        channel=channel,
    )
    access.refresh_from_db()
    return access
