"""Emailed single-use sign-in links for parents. Only the SHA-256 of a token is stored."""

import enum
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import ParentSignInLink, User
from schoolprivacy.audit.services import Subject, audit_record


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parent_user_id_for(email: str) -> int | None:
    """The active parent account with this address (any case), or None."""
    # Compared through Lower() so the query uses the case-insensitive unique index.
    return (
        User.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower(), kind=User.Kind.PARENT, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


def sign_in_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:parent_link", args=[token])


@transaction.atomic
def parent_link_create(*, user: User, channel: str = "task") -> str:
    """Issue a link token for a parent account; return the token, which is never stored."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ParentSignInLink.objects.create(
        user=user,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.PARENT_LINK_MINUTES),
    )
    audit_record(
        action="accounts.parent_link.sent",
        board_id=board_id_of(user),
        actor_id=None,
        subjects=[Subject("user", user.pk), Subject("parent_link", link.pk)],
        channel=channel,
    )
    return token


def link_state(token: str) -> LinkState:
    link = ParentSignInLink.objects.filter(token_hash=_hash(token)).first()
    if link is None or not link.user.is_active or link.user.kind != User.Kind.PARENT:
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
    used = ParentSignInLink.objects.filter(
        token_hash=link_hash,
        used_at__isnull=True,
        expires_at__gt=now,
        user__is_active=True,
        user__kind=User.Kind.PARENT,
    ).update(used_at=now)
    if not used:
        return None
    link = ParentSignInLink.objects.select_related("user").get(token_hash=link_hash)
    # Any other link still in an inbox is moot now the parent is signed in.
    ParentSignInLink.objects.filter(user=link.user, used_at__isnull=True).update(used_at=now)
    audit_record(
        action="accounts.parent_link.used",
        board_id=board_id_of(link.user),
        actor_id=link.user_id,
        subjects=[Subject("user", link.user_id), Subject("parent_link", link.pk)],
        fields=["used_at"],
    )
    return link.user
