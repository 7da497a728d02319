"""Pupils as the privacy officer finds them for oversight: "who read or changed this pupil".

Decision 0005: the privacy officer has no routine access to pupil data, but oversees every pupil
of the board's log. The lookup gives names, school and whether the pupil left, never the data
itself; everyone else gets nothing (an empty list, a 404).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from schoolprivacy.access.pupil_search import MAX_SEARCH_WORDS
from schoolprivacy.access.selectors import privacy_officer_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil

# A lookup, not a listing of the board: a name needs at least this many letters.
MIN_SEARCH_LENGTH = 2
MAX_RESULTS = 50


def pupils_for_oversight(user: User, text: str) -> QuerySet[Pupil]:
    """Pupils of the officer's board whose name matches every word of `text` (left ones too)."""
    board_id = privacy_officer_board_id(user)
    words = text.split()[:MAX_SEARCH_WORDS]
    if board_id is None or len("".join(words)) < MIN_SEARCH_LENGTH:
        return Pupil.objects.none()
    pupils = Pupil.objects.filter(board_id=board_id)
    for word in words:
        pupils = pupils.filter(
            Q(first_name__icontains=word)
            | Q(given_names__icontains=word)
            | Q(surname_prefix__icontains=word)
            | Q(surname__icontains=word)
        )
    return (
        pupils.select_related("school")
        .only(
            "id",
            "first_name",
            "surname_prefix",
            "surname",
            "date_of_birth",
            "left_on",
            "school__name",
        )
        .order_by("surname", "first_name", "id")
    )


def get_pupil_for_oversight(user: User, pupil_id: int) -> Pupil:
    """One pupil of the officer's board, or 404 for everyone else."""
    board_id = privacy_officer_board_id(user)
    pupil = (
        Pupil.objects.select_related("school").filter(pk=pupil_id, board_id=board_id).first()
        if board_id is not None
        else None
    )
    if pupil is None:
        raise Http404
    return pupil
