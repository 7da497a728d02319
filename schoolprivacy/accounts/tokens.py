"""API tokens: creation, revocation and lookup. Only a token's SHA-256 is ever stored."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import ApiToken, User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

TOKEN_PREFIX = "sp_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for
# Enough of the token to tell tokens apart in a list; the other 34 characters (200 bits) stay
# secret.
VISIBLE_PREFIX_LENGTH = 12
# Writing last_used_at on every request would turn each API read into a write; a minute is
# precise enough to see whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


# The longest a token may be made valid for with `create-token --days`.
MAX_TOKEN_DAYS = 366


class TokenError(ValueError):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str = "",
    days: int | None = None,
    actor_id: int | None,
    channel: str,
) -> tuple[ApiToken, str]:
    """Create a token for an active staff member; return the row and the token (shown once).

    The token expires after `days` days, by default `settings.API_TOKEN_DAYS`.
    """
    if user.kind != User.Kind.STAFF or not user.is_active:
        raise TokenError("API tokens are only for active staff accounts.")
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(f"A token is valid for 1 to {MAX_TOKEN_DAYS} days.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[:VISIBLE_PREFIX_LENGTH],
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        action="accounts.token.created",
        board_id=board_id_of(user),
        actor_id=actor_id,
        subjects=[
            Subject(subject_types.USER, user.pk),
            Subject(subject_types.API_TOKEN, api_token.pk),
        ],
        context={"days": days},
        channel=channel,
    )
    return api_token, token


@transaction.atomic
def api_token_revoke(*, api_token: ApiToken, actor_id: int | None, channel: str) -> bool:
    """Revoke a token; False when it was already revoked (nothing changes, nothing is logged)."""
    revoked = ApiToken.objects.filter(pk=api_token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not revoked:
        return False
    api_token.refresh_from_db(fields=["revoked_at"])
    audit_record(
        action="accounts.token.revoked",
        board_id=board_id_of(api_token.user),
        actor_id=actor_id,
        subjects=[
            Subject(subject_types.USER, api_token.user_id),
            Subject(subject_types.API_TOKEN, api_token.pk),
        ],
        fields=["revoked_at"],
        channel=channel,
    )
    return True


def user_for_token(token: str) -> User | None:
    """The active staff member a valid, unrevoked, unexpired token belongs to; marks the token
    as used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if api_token is None:
        return None
    user = api_token.user
    if not user.is_active or user.kind != User.Kind.STAFF:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return user
