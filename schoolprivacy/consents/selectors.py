"""Reads of the consent app: purposes per school, statuses, decisions, disputes.

The status functions live in `consents.rules` (they are the rules); they are re-exported here so
views import every read from one place.
"""

from django.db.models import QuerySet
from django.utils import timezone

from schoolprivacy.consents.models import ConsentDecision, ConsentDispute, Purpose, PurposeText
from schoolprivacy.consents.rules import (
    ConsentStatus,
    Holder,
    consent_status,
    current_texts,
    holders_for,
    statuses_for_pupils,
)
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import School


def purposes_for_school(school: School, *, active_only: bool = True) -> list[Purpose]:
    """The board's purposes, where a school-level row with the same key replaces the board's.

    One query, ordered by key.
    """
    rows = Purpose.objects.filter(board_id=school.board_id).filter(
        school__isnull=True
    ) | Purpose.objects.filter(board_id=school.board_id, school=school)
    chosen: dict[str, Purpose] = {}
    for purpose in rows.select_related("activity").order_by("key", "school_id"):
        # order_by puts NULL school first on SQLite and last on PostgreSQL: choose explicitly.
        if purpose.school_id is not None or purpose.key not in chosen:
            chosen[purpose.key] = purpose
    found = sorted(chosen.values(), key=lambda p: p.key)
    return [p for p in found if p.is_active] if active_only else found


def get_purpose_for_pupil(pupil: Pupil, purpose_id: int) -> Purpose | None:
    """A purpose that applies to the pupil's school, or one of an earlier school the pupil has
    decisions on (so that consent given there can always be withdrawn), or None."""
    for purpose in purposes_for_school(pupil.school, active_only=False):
        if purpose.pk == purpose_id:
            return purpose
    return purposes_of_earlier_schools(pupil).filter(pk=purpose_id).first()


def purposes_of_earlier_schools(pupil: Pupil) -> QuerySet[Purpose]:
    """School-level purposes of another school of the board that the pupil has decisions on: a
    pupil who moved school must still be able to withdraw what was given there (domain.md:
    withdrawable at any time), e.g. for photos that school published."""
    return (
        Purpose.objects.filter(board_id=pupil.board_id, decisions__pupil=pupil)
        .exclude(school__isnull=True)
        .exclude(school_id=pupil.school_id)
        .distinct()
        .order_by("key")
    )


def purpose_by_key(school: School, key: str, *, active_only: bool = True) -> Purpose | None:
    return next(
        (p for p in purposes_for_school(school, active_only=active_only) if p.key == key), None
    )


def current_text(purpose: Purpose) -> PurposeText | None:
    """The newest published text, which a decision now would be about."""
    return current_texts([purpose], timezone.now()).get(purpose.pk)


def decisions_for(pupil: Pupil, purpose: Purpose | None = None) -> QuerySet[ConsentDecision]:
    """The ledger of one pupil, oldest first (the history a parent or the FG may inspect)."""
    rows = ConsentDecision.objects.filter(pupil=pupil).select_related("guardian", "text", "purpose")
    return rows.filter(purpose=purpose) if purpose is not None else rows


def open_disputes(*, school: School) -> QuerySet[ConsentDispute]:
    """Disputes a location director of this school has to resolve."""
    return ConsentDispute.objects.filter(school=school, resolved_at__isnull=True).select_related(
        "pupil", "purpose"
    )


__all__ = [
    "ConsentStatus",
    "Holder",
    "consent_status",
    "current_text",
    "decisions_for",
    "get_purpose_for_pupil",
    "holders_for",
    "open_disputes",
    "purpose_by_key",
    "purposes_for_school",
    "statuses_for_pupils",
]
