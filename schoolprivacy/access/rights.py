"""Who may ask for what about a pupil's data, and who handles the requests (GDPR art. 15-21).

Decided here, like every access question (decision 0023); the `requests` app asks.

Requesters (domain.md, "Parents" and "Data subject requests"):

- a pupil of 16 or older acts alone, for themself (UAVG art. 5: the legal representative acts
  only for a child under 16), with every right;
- for a pupil under 16, a parent or guardian with parental authority (a current link, no
  information restriction), with every right;
- a parent without authority asks for information only (BW 1:377c): an inspection, never a
  correction or erasure; the school may refuse, with reasons, when it would harm the child;
- a parent under an information restriction (a court order or the child's interest) gets nothing,
  and a link that ended gives nothing: for them the pupil is not found (404).

Staff (decision 0024):

- the privacy officer of the board handles every request of the board (verify, extend, answer,
  refuse, close, build the package) without routine access to the dossier itself: the package
  is built from the privacy registry, for the requester, not shown to the officer as a dossier;
- the administration of the pupil's school records requests that came in by letter, email or at
  the desk, with the identity check it did, and follows their status; the privacy officer may
  record them too.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import GuardianRelation, Pupil

# UAVG art. 5: below 16 the legal representative exercises the child's rights.
OWN_RIGHTS_AGE = 16

ALL_KINDS = frozenset({"access", "rectification", "erasure", "restriction", "objection"})
# BW 1:377c: information about important facts concerning the child, on request.
INFORMATION_KINDS = frozenset({"access"})


class Standing(StrEnum):
    AUTHORITY = "authority"  # parent or guardian with parental authority, pupil under 16
    OWN = "own"  # the pupil of 16+ themself
    INFORMATION_ONLY = "information_only"  # parent without authority, BW 1:377c


@dataclass(frozen=True)
class RequesterRight:
    standing: Standing
    kinds: frozenset[str]
    guardian_id: int | None = None


def _current_link(day: date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gt=day)


def requester_right(user: User, pupil: Pupil, *, on: date | None = None) -> RequesterRight | None:
    """What `user` may ask about `pupil`'s data; None when nothing (the caller answers 404)."""
    day = on or timezone.localdate()
    if pupil.user_id is not None and pupil.user_id == user.pk:
        if pupil.age_on(day) >= OWN_RIGHTS_AGE:
            return RequesterRight(Standing.OWN, ALL_KINDS)
        return None
    if not user.is_parent:
        return None
    links = list(
        GuardianRelation.objects.filter(
            _current_link(day), board_id=pupil.board_id, pupil=pupil, guardian__user=user
        ).values("guardian_id", "has_parental_authority", "information_restriction")
    )
    if not links or any(link["information_restriction"] for link in links):
        return None
    if pupil.age_on(day) >= OWN_RIGHTS_AGE:
        return None  # the pupil acts alone
    with_authority = [link for link in links if link["has_parental_authority"]]
    if with_authority:
        return RequesterRight(Standing.AUTHORITY, ALL_KINDS, with_authority[0]["guardian_id"])
    return RequesterRight(Standing.INFORMATION_ONLY, INFORMATION_KINDS, links[0]["guardian_id"])


def requester_still_entitled(user: User | None, pupil: Pupil, standing: str) -> bool:
    """Whether the signed-in requester of an earlier request may still receive its answer (the
    package): a parent whose link ended, who came under an information restriction or lost
    parental authority since asking gets nothing. A request recorded by staff (no account)
    rests on the staff member's check."""
    if user is None:
        return True
    right = requester_right(user, pupil)
    if right is None:
        return False
    return standing != Standing.AUTHORITY or right.standing == Standing.AUTHORITY


def requestable_pupils(user: User, *, on: date | None = None) -> list[tuple[Pupil, RequesterRight]]:
    """Every pupil about whom `user` may file a request, with what they may ask."""
    day = on or timezone.localdate()
    if user.kind == User.Kind.PUPIL:
        pupil = Pupil.objects.filter(user=user).select_related("school").first()
    else:
        pupil = None
    if pupil is not None:
        candidates = [pupil]
    else:
        linked = Pupil.objects.filter(
            Q(guardian_relations__ends_on__isnull=True) | Q(guardian_relations__ends_on__gt=day),
            guardian_relations__guardian__user=user,
        )
        candidates = list(linked.select_related("school").distinct().order_by("first_name"))
    found = []
    for candidate in candidates:
        right = requester_right(user, candidate, on=day)
        if right is not None:
            found.append((candidate, right))
    return found


def handler_board_id(user: User) -> int | None:
    """The board whose requests `user` handles: the privacy officer's. None for everyone else."""
    scope = scope_for(user)
    if scope.board_id is None or not scope.has_role(Role.PRIVACY_OFFICER):
        return None
    return scope.board_id


def recorder_school_ids(user: User) -> frozenset[int]:
    """Schools whose incoming requests `user` records and follows: the administration's."""
    return scope_for(user).schools_by_role.get(Role.ADMINISTRATION, frozenset())


def may_record_for(user: User, pupil: Pupil) -> bool:
    """May `user` record a request about `pupil` received by letter, email or at the desk."""
    return handler_board_id(user) == pupil.board_id or pupil.school_id in recorder_school_ids(user)


def handler_emails(board_id: int, *, on: date | None = None) -> list[str]:
    """Where reminders about the board's requests go: the board's privacy contact, else the
    current privacy officers' addresses."""
    from schoolprivacy.access.selectors import employed_on
    from schoolprivacy.people.models import Staff
    from schoolprivacy.schools.models import Board

    contact = Board.objects.filter(pk=board_id).values_list("privacy_contact_email", flat=True)
    if contact and contact[0]:
        return [contact[0]]
    day = on or timezone.localdate()
    officers = (
        Staff.objects.filter(employed_on(day), board_id=board_id)
        .filter(assignments__role=Role.PRIVACY_OFFICER, assignments__starts_on__lte=day)
        .filter(Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=day))
        .exclude(email="")
    )
    return sorted(set(officers.values_list("email", flat=True)))
