"""Emailed single-use sign-in links for parents and pupils aged 16+. Only the SHA-256 of a token
is stored.

A pupil account may use links only while the pupil is 16 or older and still at the school
(UAVG art. 5: from 16 the pupil decides about consent); `link_account_q` is that rule, applied
when a link is requested, shown and used.
"""

import enum
import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import ParentSignInLink, User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# The age from which a pupil decides about consent and may sign in (UAVG art. 5).
PUPIL_SIGN_IN_AGE = 16


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February: the birthday is 1 March in other years
        return day.replace(year=day.year - years, month=3, day=1)


def link_account_q(prefix: str = "") -> Q:
    """Accounts that may sign in by link: active parents, and active pupils aged 16+ who have
    not left the school. `prefix` is the path to the user ("user__") when filtering links."""
    today = timezone.localdate()
    pupil = Q(
        **{
            f"{prefix}kind": User.Kind.PUPIL,
            f"{prefix}pupil__date_of_birth__lte": _years_before(today, PUPIL_SIGN_IN_AGE),
        }
    ) & (
        Q(**{f"{prefix}pupil__left_on__isnull": True})
        | Q(**{f"{prefix}pupil__left_on__gte": today})
    )
    # A parent only while a link to a child holds (people.accounts): a guardian the pupil
    # administration no longer lists gets nothing from the day the link ends.
    parent = Q(**{f"{prefix}kind": User.Kind.PARENT}) & (
        Q(**{f"{prefix}guardians__relations__ends_on__isnull": True})
        | Q(**{f"{prefix}guardians__relations__ends_on__gt": today})
    )
    return Q(**{f"{prefix}is_active": True}) & (parent | pupil)


def parent_user_id_for(email: str) -> int | None:
    """The account (parent, or pupil aged 16+) with this address (any case), or None."""
    # Compared through Lower() so the query uses the case-insensitive unique index.
    return (
        User.objects.alias(email_lower=Lower("email"))
        .filter(link_account_q(), email_lower=email.strip().lower())
        .values_list("pk", flat=True)
        .first()
    )


def sign_in_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:parent_link", args=[token])


@transaction.atomic
def parent_link_create(*, user: User, channel: str = "task") -> str:
    """Issue a link token for a parent account; return the token, which is never stored."""
    return parent_link_issue(user=user, channel=channel)[1]


@transaction.atomic
def parent_link_issue(
    *, user: User, channel: str = "task", minutes: int | None = None
) -> tuple[ParentSignInLink, str]:
    """A link and its token; `minutes` is longer for an invitation than for a requested link."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ParentSignInLink.objects.create(
        user=user,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes or settings.PARENT_LINK_MINUTES),
    )
    audit_record(
        action="accounts.parent_link.sent",
        board_id=board_id_of(user),
        actor_id=None,
        subjects=[
            Subject(subject_types.USER, user.pk),
            Subject(subject_types.PARENT_LINK, link.pk),
        ],
        channel=channel,
    )
    return link, token


def link_state(token: str) -> LinkState:
    link = (
        ParentSignInLink.objects.filter(link_account_q("user__"), token_hash=_hash(token))
        .select_related("user")
        .first()
    )
    if link is None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= timezone.now():
        return LinkState.EXPIRED
    return LinkState.VALID


@transaction.atomic
def parent_link_consume(*, token: str) -> User | None:
    """Mark the link used and return its parent, or None when it is not (or no longer) valid.

    The conditional UPDATE is what makes a link single-use even when two requests race.
    """
    now = timezone.now()
    link_hash = _hash(token)
    allowed = ParentSignInLink.objects.filter(
        link_account_q("user__"),
        token_hash=link_hash,
        used_at__isnull=True,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    # The rule joins other tables, so the UPDATE goes through the primary key.
    used = ParentSignInLink.objects.filter(pk__in=list(allowed), used_at__isnull=True).update(
        used_at=now
    )
    if not used:
        return None
    link = ParentSignInLink.objects.select_related("user").get(token_hash=link_hash)
    # Any other link still in an inbox is moot now the parent is signed in.
    ParentSignInLink.objects.filter(user=link.user, used_at__isnull=True).update(used_at=now)
    audit_record(
        action="accounts.parent_link.used",
        board_id=board_id_of(link.user),
        actor_id=link.user_id,
        subjects=[
            Subject(subject_types.USER, link.user_id),
            Subject(subject_types.PARENT_LINK, link.pk),
        ],
        fields=["used_at"],
    )
    return link.user
