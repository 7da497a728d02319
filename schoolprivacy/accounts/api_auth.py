"""Authentication for the REST API: a staff bearer token or a verified (2FA) staff session.

Use `api_auth` as the `auth=` of a NinjaAPI or router; both classes return the user, which also
becomes `request.user`.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.signin import is_verified
from schoolprivacy.accounts.tokens import user_for_token


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer sp_...` for active staff with an unrevoked token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token.strip())
        if user is None:
            return None
        # A token is a different channel from a 2FA session: code that asks whether the caller
        # passed the second factor in this session gets an honest "no" instead of an
        # AttributeError.
        user.otp_device = None  # type: ignore[attr-defined]
        user.is_verified = lambda: False  # type: ignore[attr-defined]
        request.user = user
        return user


class VerifiedSessionAuth(APIKeyCookie):
    """The browser session of a staff member who passed both password and second factor."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is nothing to protect from cross-site requests; checking
        # CSRF anyway would turn a token client's 401 into a misleading 403.
        key = request.COOKIES.get(self.param_name)
        if key is None:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if (
            key is not None
            and isinstance(user, User)
            and user.kind == User.Kind.STAFF
            and is_verified(user)
        ):
            return user
        return None


api_auth = [BearerTokenAuth(), VerifiedSessionAuth()]
