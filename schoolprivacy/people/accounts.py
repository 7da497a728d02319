"""Sign-in accounts that follow the pupil administration (issue 13.1 and 13.3).

After every import the board's accounts are brought in step with its guardians and pupils:

- every guardian with an email address and a current link to a child has an account, and all
  guardians of the board with the same address (siblings, a child at another school) share that
  one account. Whether the account shows a child's data or only how to ask the school for
  information (no parental authority, an information restriction) is the portal's rule, not
  decided here;
- a changed address moves the account (the same account, so its history and decisions stay);
- an account whose guardians no longer have a current link is switched off; a link that ends
  later already stops counting on its last day (`people.selectors`, `accounts.parent_links`);
- pupils aged 16 or older with an email address from the import get their own account.

No account is made without a guardian or pupil behind it. Running it twice changes nothing.
"""

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.lib.bulk_insert import insert_rows
from schoolprivacy.people.account_rows import accounts_by, link_users
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil

# From 16 the pupil decides about consent (UAVG art. 5) and signs in themselves.
PUPIL_ACCOUNT_AGE = 16


@dataclass
class AccountSync:
    """What one run did, in numbers only."""

    created: int = 0
    moved: int = 0
    linked: int = 0
    switched_off: int = 0
    switched_on: int = 0
    pupils_created: int = 0
    # Addresses already used by an account of another kind or another board: left alone.
    conflicts: int = 0
    user_ids: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "moved": self.moved,
            "linked": self.linked,
            "switched_off": self.switched_off,
            "switched_on": self.switched_on,
            "pupils_created": self.pupils_created,
            "conflicts": self.conflicts,
        }


def current_link_q(day: date, prefix: str = "") -> Q:
    """Guardian links that hold on `day`: not ended, and the child has not left."""
    return (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": day})) & (
        Q(**{f"{prefix}pupil__left_on__isnull": True}) | Q(**{f"{prefix}pupil__left_on__gte": day})
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, month=3, day=1)


def _user_by_email(email: str) -> User | None:
    return User.objects.alias(e=Lower("email")).filter(e=email).first()


def _free_username(email: str) -> str:
    base = email[:140]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}#{n}"
    return name


# Guardians are brought in step a page at a time, each page in its own short transaction with a
# fixed number of queries: a first import of a large board must neither hold the database's
# write lock for long nor cost queries per guardian (decision 0017, imports/tests/test_memory).
PAGE = 500
# PostgreSQL locks rows, not the database (imports/pacing.py): a page holds only its own guardians
# and new accounts, so it can be larger, and each page costs a commit and a few queries. A first
# import of 15,000 guardians took 30 pages of 500 (issue 18.2).
POSTGRESQL_PAGE = 2000


def accounts_sync(
    *,
    board_id: int,
    actor_id: int | None,
    channel: str,
    today: date | None = None,
    pause: Callable[[], None] | None = None,
) -> AccountSync:
    """Bring the board's parent and pupil accounts in step with its guardians and pupils.

    Safe to run again at any time, also after an interrupted run: what is in step is skipped.
    `pause` runs between two pages' transactions (an import lets waiting writers in there)."""
    day = today or timezone.localdate()
    result = AccountSync()
    _sync_guardians(board_id, day, result, pause)
    with transaction.atomic():
        _sync_pupils(board_id, day, result)
        if any(result.counts().values()):
            audit_record(
                action="people.accounts.synced",
                board_id=board_id,
                actor_id=actor_id,
                subjects=[Subject(subject_types.USER, pk) for pk in sorted(result.user_ids)][:200],
                context=result.counts(),
                channel=channel,
            )
    return result


def _current(day: date) -> Exists:
    return Exists(GuardianRelation.objects.filter(current_link_q(day), guardian=OuterRef("pk")))


def _sync_guardians(
    board_id: int, day: date, result: AccountSync, pause: Callable[[], None] | None = None
) -> None:
    # Only guardians whose account is not as it should be are loaded: a re-import that changed
    # no address reads none, whatever the size of the board. A page in step no longer matches,
    # so paging on the primary key sees every guardian once.
    guardians = (
        Guardian.objects.filter(board_id=board_id)
        .alias(current=_current(day), email_key=Lower(Trim("email")), account=Lower("user__email"))
        .filter(current=True)
        .exclude(email="")
        .exclude(user__isnull=False, user__is_active=True, account=F("email_key"))
        .select_related("user")
        .order_by("pk")
    )
    for page in _pages(guardians, board_id):
        with transaction.atomic():
            _sync_page(page, board_id, day, result)
        if pause is not None:
            pause()
    # Guardians without an address or a current link keep their record but not the account: an
    # account with no current guardian behind it is switched off.
    gone = (
        Guardian.objects.filter(board_id=board_id, user__isnull=False)
        .alias(current=_current(day))
        .filter(Q(current=False) | Q(email=""))
        .values_list("pk", "user_id")
    )
    for pk, user_id in list(gone):
        with transaction.atomic():
            Guardian.objects.filter(pk=pk).update(user=None)
            _switch_off_if_alone(user_id, day, result)


def _pages(guardians: "QuerySet[Guardian]", board_id: int) -> Iterator[list[Guardian]]:
    """The guardians out of step, PAGE at a time by primary key (POSTGRESQL_PAGE there).

    SQLite follows the primary key and stops after a page. PostgreSQL, without statistics on
    freshly imported rows, expected a handful of guardians for the board, tested every one of
    them and sorted, for every page: quadratic in a first import (issue 18.2, decision 0053). So
    on PostgreSQL, after a first page, the board is walked in windows of PAGE guardians by key
    (an index read), and each window is then filtered; a window with nobody out of step goes on
    to the next."""
    after = 0
    if connection.vendor != "postgresql":
        while page := list(guardians.filter(pk__gt=after)[:PAGE]):
            after = page[-1].pk
            yield page
        return
    # One question for the whole board first: an unchanged re-import finds nobody and stops
    # there (62 small queries cost it more than one walk of the board), and fewer than a page
    # out of step are all in it.
    size = POSTGRESQL_PAGE
    page = list(guardians[:size])
    if page:
        yield page
    if len(page) < size:
        return
    after = page[-1].pk
    board = Guardian.objects.filter(board_id=board_id).order_by("pk").values_list("pk", flat=True)
    while window := list(board.filter(pk__gt=after)[:size]):
        page = list(guardians.filter(pk__gt=after, pk__lte=window[-1]))
        after = window[-1]
        if page:
            yield page


def _sync_page(page: Sequence[Guardian], board_id: int, day: date, result: AccountSync) -> None:
    by_email: dict[str, list[Guardian]] = defaultdict(list)
    for guardian in page:
        if key := guardian.email.strip().lower():  # a blank address is no address
            by_email[key].append(guardian)
    owners: dict[str, User] = {}
    for owner_row in accounts_by("email", list(by_email)):
        owners.setdefault(owner_row.email.lower(), owner_row)
    boards = dict(
        Guardian.objects.filter(any_of("user_id", [u.pk for u in owners.values()])).values_list(
            "user_id", "board_id"
        )
    )
    # New accounts as plain rows (username, address, password), with their guardians: a model
    # object per account cost about as much as writing it (issue 18.2).
    new: list[tuple[list[Guardian], list[str]]] = []
    chosen: list[tuple[list[Guardian], int]] = []
    for email, group in sorted(by_email.items()):
        owner = owners.get(email)
        if owner is not None:
            if owner.kind != User.Kind.PARENT or boards.get(owner.pk) not in (None, board_id):
                result.conflicts += 1
                continue
            if not owner.is_active:
                owner.is_active = True
                owner.save(update_fields=["is_active"])
                result.switched_on += 1
                result.user_ids.add(owner.pk)
            chosen.append((group, owner.pk))
            continue
        moved = _moved_account(email, group, board_id, day, result)
        if moved is not None:
            chosen.append((group, moved.pk))
            continue
        # set_unusable_password draws its 40 random characters one call at a time, which cost
        # as much as the rest of a first import's account sync; this is the same kind of value.
        new.append((group, [email[:140], email, UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)]))
    taken = {u.username for u in accounts_by("username", [row[0] for _, row in new])}
    for _group, row in new:
        if row[0] in taken:  # rare: another account's username is this address
            row[0] = _free_username(row[1])
    # bulk_create's values, without its per-value compiling; every other field its default.
    keys = insert_rows(User, _NEW_ACCOUNT, [(*row, User.Kind.PARENT) for _group, row in new])
    chosen += [(group, pk) for (group, _row), pk in zip(new, keys, strict=True)]
    result.created += len(new)
    linked: list[Guardian] = []
    for group, user_id in chosen:
        result.user_ids.add(user_id)
        for guardian in group:
            if guardian.user_id != user_id:
                guardian.user_id = user_id
                linked.append(guardian)
    link_users(linked)
    result.linked += len(linked)


# The fields of a new parent's account, in the order of the rows `_sync_page` creates.
_NEW_ACCOUNT = ("username", "email", "password", "kind")


def _still_wanted(email: str, board_id: int, day: date) -> bool:
    """Whether a current guardian of the board still has this address."""
    return (
        Guardian.objects.filter(board_id=board_id)
        .alias(current=_current(day), email_key=Lower(Trim("email")))
        .filter(current=True, email_key=email.lower())
        .exists()
    )


def _moved_account(
    email: str, group: list[Guardian], board_id: int, day: date, result: AccountSync
) -> User | None:
    """An account of one of these guardians under an address the import no longer has for
    anyone moves to the new address: the same account, so its history stays with the parent."""
    for guardian in group:
        user = guardian.user
        if (
            user is not None
            and user.kind == User.Kind.PARENT
            and not _still_wanted(user.email, board_id, day)
        ):
            user.email = email
            user.username = _free_username(email) if user.username != email else email
            user.is_active = True
            user.save(update_fields=["email", "username", "is_active"])
            result.moved += 1
            result.user_ids.add(user.pk)
            return user
    return None


def _switch_off_if_alone(user_id: int, day: date, result: AccountSync) -> None:
    still = GuardianRelation.objects.filter(current_link_q(day), guardian__user_id=user_id)
    if still.exists():
        return
    active = User.objects.filter(pk=user_id, kind=User.Kind.PARENT, is_active=True)
    if active.update(is_active=False):
        result.switched_off += 1
        result.user_ids.add(user_id)


def _sync_pupils(board_id: int, day: date, result: AccountSync) -> None:
    pupils = (
        Pupil.objects.filter(board_id=board_id, date_of_birth__lte=_years_before(day, 16))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .exclude(email="")
        .alias(account=Lower("user__email"))
        .exclude(user__isnull=False, account=F("email"))
        .select_related("user")
        .order_by("pk")
    )
    for pupil in pupils.iterator(chunk_size=500):
        email = pupil.email.strip().lower()
        owner = _user_by_email(email)
        if pupil.user is not None:
            if pupil.user.email.lower() == email:
                continue
            if owner is not None:
                result.conflicts += 1
                continue
            pupil.user.email = email
            pupil.user.username = _free_username(email)
            pupil.user.save(update_fields=["email", "username"])
            result.moved += 1
            result.user_ids.add(pupil.user.pk)
            continue
        if owner is not None:
            # A parent's address, or another pupil's: a pupil's account is theirs alone.
            result.conflicts += 1
            continue
        user = User.objects.create_user(
            username=_free_username(email), email=email, kind=User.Kind.PUPIL
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        pupil.user = user
        pupil.save(update_fields=["user"])
        result.pupils_created += 1
        result.user_ids.add(user.pk)
