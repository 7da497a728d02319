"""Personal data of `accounts`: sign-in accounts of staff, parents and pupils of 16+.

A user row's category depends on whose account it is (its `kind`). Erasure empties the account
(no name, no email, no password, inactive, username `erased-<id>`) rather than deleting it: the
audit log and kept records name accounts by ID. A parent's sign-in links and a staff member's API
tokens are deleted. `sign_in_data_expire` removes sign-in data nobody needs any more, for the
retention engine: throttling counters, used or expired sign-in links, ended API tokens.
"""

from collections.abc import Collection, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from schoolprivacy.accounts.models import ApiToken, ParentSignInLink, SignInAttempt, User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.privacy_batches import count_per
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
)

# Whose account it is decides its category. Parents sign in with their email address.
ACCOUNT_KEY = {
    User.Kind.STAFF: "staff.identity",
    User.Kind.PARENT: "guardian.contact",
    User.Kind.PUPIL: "pupil.account",
}
_ACCOUNT = tuple(ACCOUNT_KEY.values())
USERS = PersonalData(
    User,
    {
        name: _ACCOUNT
        for name in (
            "username",
            "first_name",
            "last_name",
            "email",
            "kind",
            "last_login",
            "date_joined",
            "email_language",
        )
    },
    row_key=lambda user: ACCOUNT_KEY[user.kind],
)
_ACTIVITY = "staff.activity"
TOKENS = PersonalData(
    ApiToken,
    {
        "user": _ACTIVITY,
        "name": _ACTIVITY,
        "created_at": _ACTIVITY,
        "last_used_at": _ACTIVITY,
        "revoked_at": _ACTIVITY,
    },
)
# Keyed hashes of an account name, email or network address, with a time: pseudonymous, still
# personal data, kept minutes for throttling. Rows cannot be tied back to a subject (by design).
ATTEMPTS = PersonalData(
    SignInAttempt, {"key": (_ACTIVITY, "guardian.contact"), "at": (_ACTIVITY, "guardian.contact")}
)
LINKS = PersonalData(
    ParentSignInLink,
    {
        "user": "guardian.contact",
        "created_at": "guardian.contact",
        "expires_at": "guardian.contact",
        "used_at": "guardian.contact",
    },
)
PERSONAL_DATA = (USERS, TOKENS, ATTEMPTS, LINKS)
NOT_PERSONAL = (
    NotPersonal(User, {"password": "a one-way hash of the password: never exported or shown"}),
    NotPersonal(
        ApiToken,
        {
            "prefix": "the first characters of a random token, to tell tokens apart",
            "token_hash": "SHA-256 of a random token",
            "expires_at": "when a staff member's API token stops working; about the token",
        },
    ),
    NotPersonal(SignInAttempt, {"scope": "which counter (password, code, link): a code"}),
    NotPersonal(ParentSignInLink, {"token_hash": "SHA-256 of a random token"}),
)


def export(subject: DataSubject) -> Export:
    if subject.user_id is None:
        return {}
    user_rows = User.objects.filter(pk=subject.user_id)
    exports = [collect(USERS, user_rows, subject)]
    if subject.kind == "staff":
        exports.append(collect(TOKENS, ApiToken.objects.filter(user_id=subject.user_id), subject))
    if subject.kind == "guardian":
        links = ParentSignInLink.objects.filter(user_id=subject.user_id).order_by("created_at")
        exports.append(collect(LINKS, links, subject))
    return merge(*exports)


ERASED_USERNAME = "erased-{pk}"
_KIND = {"staff": User.Kind.STAFF, "guardian": User.Kind.PARENT, "pupil": User.Kind.PUPIL}


def _guardian_records(user_ids: Collection[int]) -> dict[int, set[int]]:
    """Per parent account, the IDs of the guardian records it stands for: one account serves
    the parent's record at each school of the board (people.accounts)."""
    found: dict[int, set[int]] = {}
    rows = User.objects.filter(pk__in=list(user_ids)).values_list("pk", "guardians__id")
    for pk, guardian_id in rows:
        if guardian_id is not None:
            found.setdefault(pk, set()).add(guardian_id)
    return found


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    return _erase(subject, actor_id=actor_id, categories=categories, dry_run=dry_run)


def _erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None,
    dry_run: bool,
    along: Collection[int] = (),
) -> Erasure:
    """`erase`; `along`: guardian records erased in the same batch as `subject`."""
    counts: dict[str, int] = {}
    user = User.objects.filter(pk=subject.user_id).first() if subject.user_id else None
    if user is None or subject.kind not in _KIND:
        return Erasure("accounts", {}, done=not dry_run)
    key = ACCOUNT_KEY[_KIND[subject.kind]]
    erased_name = ERASED_USERNAME.format(pk=user.pk)
    if subject.kind == "guardian" and _guardian_records([user.pk]).get(user.pk, set()) - {
        subject.id,
        *along,
    }:
        # The parent's record at another school still uses the account (a child still there):
        # it stays, with its sign-in links; it goes with the last of its records.
        return Erasure("accounts", {}, done=not dry_run)
    with transaction.atomic():
        if categories is None or key in categories:
            counts[key] = int(user.username != erased_name or bool(user.email))
        links = ParentSignInLink.objects.filter(user_id=user.pk)
        tokens = ApiToken.objects.filter(user_id=user.pk)
        if subject.kind == "guardian" and (categories is None or key in categories):
            counts[key] = counts.get(key, 0) + links.count()
        if subject.kind == "staff" and (categories is None or _ACTIVITY in categories):
            counts[_ACTIVITY] = tokens.count()
        counts = {k: n for k, n in counts.items() if n}
        if not dry_run and counts:
            if key in counts:
                user.username = erased_name
                user.first_name = user.last_name = user.email = ""
                user.is_active = False
                user.last_login = None
                user.set_unusable_password()
                user.save()
                links.delete()
            if _ACTIVITY in counts:
                tokens.delete()
            audit_record(
                action="accounts.user.erased",
                board_id=subject.board_id,
                actor_id=actor_id,
                subjects=[Subject(subject_types.USER, user.pk)],
                context=dict(sorted(counts.items())),
                channel="system",
            )
    return Erasure("accounts", counts, done=not dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): the accounts and their sign-in
    links counted with two queries; only subjects whose account has something left are erased,
    each through `erase` (most pupils and parents who left have no account, or an erased one)."""
    found = {s: Erasure("accounts", {}, done=not dry_run) for s in subjects}
    # A parent account may stand for several guardian records: the lowest of them in the batch
    # answers for it, and only when no record outside the batch still uses it (as `erase`).
    users: dict[int, DataSubject] = {}
    sharing: dict[int, set[int]] = {}
    for s in sorted(subjects, key=lambda s: s.id):
        if s.user_id is not None and s.kind in _KIND:
            users.setdefault(s.user_id, s)
            sharing.setdefault(s.user_id, set()).add(s.id)
    records = _guardian_records([pk for pk, s in users.items() if s.kind == "guardian"])
    users = {
        pk: s
        for pk, s in users.items()
        if s.kind != "guardian" or not records.get(pk, set()) - sharing[pk]
    }
    accounts = User.objects.filter(pk__in=list(users)).values_list("pk", "username", "email")
    links = count_per(ParentSignInLink.objects.all(), "user_id", list(users))
    tokens = count_per(ApiToken.objects.all(), "user_id", list(users))
    for pk, username, email in accounts:
        subject = users[pk]
        key = ACCOUNT_KEY[_KIND[subject.kind]]
        counts: dict[str, int] = {}
        if key in categories:
            counts[key] = int(username != ERASED_USERNAME.format(pk=pk) or bool(email))
            if subject.kind == "guardian":
                counts[key] += links.get(pk, 0)
        if subject.kind == "staff" and _ACTIVITY in categories:
            counts[_ACTIVITY] = tokens.get(pk, 0)
        counts = {k: n for k, n in counts.items() if n}
        if counts and not dry_run:
            found[subject] = _erase(
                subject,
                actor_id=actor_id,
                categories=categories,
                dry_run=False,
                along=sharing[pk],
            )
        else:
            found[subject] = Erasure("accounts", counts, done=not dry_run)
    return found


def sign_in_data_expire(*, before: datetime, dry_run: bool = True) -> dict[str, int]:
    """Delete sign-in data that ended before `before`; counts per category, never values.

    Sign-in data belongs to no board (a counter is a keyed hash of an address), so this runs
    for the whole installation. Throttling counters older than their window are useless; a link
    used or expired, and a revoked or expired API token, prove nothing the audit log does not.
    """
    attempts = SignInAttempt.objects.filter(at__lt=before)
    links = ParentSignInLink.objects.filter(Q(expires_at__lt=before) | Q(used_at__lt=before))
    tokens = ApiToken.objects.filter(Q(expires_at__lt=before) | Q(revoked_at__lt=before))
    counts = {
        "accounts.signinattempt": attempts.count(),
        "accounts.parentsigninlink": links.count(),
        "accounts.apitoken": tokens.count(),
    }
    if not dry_run:
        with transaction.atomic():
            attempts.delete()
            links.delete()
            tokens.delete()
    return {k: n for k, n in counts.items() if n}
