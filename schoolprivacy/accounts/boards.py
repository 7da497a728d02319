"""Which board a user belongs to, for audit events and admin scoping.

`accounts` sits below `access` in the dependency order, so it answers this itself from the
people records rather than asking `access`.
"""

from django.contrib.auth.models import AnonymousUser

from schoolprivacy.accounts.models import User


def board_id_of(user: User | AnonymousUser | None) -> int | None:
    """The board of a staff member, guardian or pupil; None for anyone without one."""
    if user is None or not user.is_authenticated:
        return None
    for relation in ("staff", "pupil"):
        # A missing reverse one-to-one raises a subclass of AttributeError, so getattr's default
        # covers it.
        person = getattr(user, relation, None)
        if person is not None:
            return int(person.board_id)
    # A parent's account may stand for several guardian records (one per school), all of one
    # board: people.accounts never links guardians of two boards to one account.
    board_id = user.guardians.values_list("board_id", flat=True).first()
    return int(board_id) if board_id is not None else None
