"""Who may erase a data subject on request and who may see the retention engine's preview
(decision 0023: access is decided in `access` only; issue 14 item 7, issue 16 item 3).

- Erasure of a pupil: the privacy officer of the pupil's board, and nobody else. It is not a
  routine read of pupil data; every dry run and confirmation is audited, and confirming needs
  step-up authentication (accounts/sudo.py). Everyone else gets a 404.
- The preview of the purge (counts per rule and category, and the run's progress): the privacy
  officer, and the functional administrator, who runs the scheduled task and needs to see that it
  works. It shows counts only, no pupil, so it is no pupil-data access. Only the privacy
  officer's look at it is kept as the preview a first purge relies on (decision 0057): the
  functional administrator checking that the task works must not stand in for the officer.
"""

from django.http import Http404

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import School

ERASURE_ROLES = frozenset({Role.PRIVACY_OFFICER})
# Placing and releasing a legal hold on a pupil: the privacy officer only (a hold decides what
# the purge and erasures may not touch; it is no routine read of pupil data).
HOLD_ROLES = frozenset({Role.PRIVACY_OFFICER})
PREVIEW_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN})
# Whose look at the preview a first purge may rely on.
PREVIEW_KEEPER_ROLES = frozenset({Role.PRIVACY_OFFICER})


def _board_with(user: User, roles: frozenset[Role]) -> int | None:
    scope = scope_for(user)
    if scope.board_id is None or not any(scope.has_role(role) for role in roles):
        return None
    return scope.board_id


def erasure_board_id(user: User) -> int | None:
    """The board whose subjects the user may erase on request; None for everyone else."""
    return _board_with(user, ERASURE_ROLES)


def retention_board_id(user: User) -> int | None:
    """The board whose retention preview and purge progress the user may see."""
    return _board_with(user, PREVIEW_ROLES)


def preview_counts_for_purge(user: User) -> bool:
    """Whether the user's look at the purge preview is kept for the first purge to rely on."""
    return _board_with(user, PREVIEW_KEEPER_ROLES) is not None


def get_pupil_for_erasure(user: User, pupil_id: int) -> Pupil:
    board_id = erasure_board_id(user)
    pupil = (
        Pupil.objects.select_related("school").filter(pk=pupil_id, board_id=board_id).first()
        if board_id is not None
        else None
    )
    if pupil is None:
        raise Http404
    return pupil


def get_pupil_for_holds(user: User, pupil_id: int) -> Pupil:
    """The pupil whose legal holds the user may place and release; 404 for everyone else."""
    board_id = _board_with(user, HOLD_ROLES)
    pupil = (
        Pupil.objects.select_related("school").filter(pk=pupil_id, board_id=board_id).first()
        if board_id is not None
        else None
    )
    if pupil is None:
        raise Http404
    return pupil


def get_school_for_retention(user: User, school_id: int) -> School:
    board_id = retention_board_id(user)
    school = (
        School.objects.filter(pk=school_id, board_id=board_id).first()
        if board_id is not None
        else None
    )
    if school is None:
        raise Http404
    return school
