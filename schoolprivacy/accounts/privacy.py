"""Personal data of `accounts`: sign-in accounts of staff, parents and pupils of 16+.

A user row's category depends on whose account it is (its `kind`). Erasure is a plan for now:
an account goes with its person, which the requests app decides.
"""

from collections.abc import Collection

from schoolprivacy.accounts.models import ApiToken, ParentSignInLink, SignInAttempt, User
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
    plan_only,
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


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.user_id is not None:
        kind = {"staff": User.Kind.STAFF, "guardian": User.Kind.PARENT, "pupil": User.Kind.PUPIL}
        counts = {ACCOUNT_KEY[kind[subject.kind]]: User.objects.filter(pk=subject.user_id).count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("accounts", counts, reason="not_implemented", dry_run=dry_run)
