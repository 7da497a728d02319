"""Reads of the disclosures app, limited to the acting user (404 for anyone else).

- Staff: the disclosures of a pupil they may see, at a school where they record disclosures
  (`access.sharing`).
- Parents: the disclosures of a child they may see online (`access.parents`), except those the
  professional keeps from them under the meldcode.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from schoolprivacy.access.parents import children_for
from schoolprivacy.access.sharing import disclosure_pupils
from schoolprivacy.accounts.models import User
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.people.models import Pupil


def get_pupil_for_disclosures(user: User, pupil_id: int) -> Pupil:
    """The pupil, or 404 for staff who may not list this pupil's disclosures."""
    return get_object_or_404(disclosure_pupils(user), pk=pupil_id)


def disclosures_of_pupil(user: User, pupil: Pupil) -> QuerySet[Disclosure]:
    """Every disclosure of the pupil, newest first, for staff who may list them (else none)."""
    if not disclosure_pupils(user).filter(pk=pupil.pk).exists():
        return Disclosure.objects.none()
    return Disclosure.objects.filter(board_id=pupil.board_id, pupil=pupil).select_related(
        "recorded_by", "purpose"
    )


def get_disclosure_for_staff(user: User, disclosure_id: int) -> Disclosure:
    return get_object_or_404(
        Disclosure.objects.filter(pupil__in=disclosure_pupils(user)).select_related("pupil"),
        pk=disclosure_id,
    )


def disclosures_for_parent(user: User, pupil: Pupil) -> QuerySet[Disclosure]:
    """What the parent sees in the portal: the child's disclosures, except those a professional
    keeps from the parents under the meldcode (Wmo 2015 art. 5.2.6; the parents are normally
    told, unless that endangers the child)."""
    if not children_for(user).filter(pk=pupil.pk).exists():
        return Disclosure.objects.none()
    return Disclosure.objects.filter(
        board_id=pupil.board_id, pupil=pupil, shown_to_parents=True
    ).select_related("purpose")
