"""Step-up ("sudo") authentication before exports, erasure and role changes.

Staff confirm their password and a current code at `accounts:sudo`; for parents a fresh sign-in
through an emailed link counts. The moment is kept in the session, so it ends with the session.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.signin import is_verified

SUDO_SESSION_KEY = "accounts_sudo_at"


def grant_sudo(request: HttpRequest) -> None:
    """Record that the signed-in user re-authenticated just now."""
    request.session[SUDO_SESSION_KEY] = timezone.now().timestamp()


def has_recent_sudo(request: HttpRequest) -> bool:
    """True when the user re-authenticated within the last SUDO_MINUTES."""
    user = request.user
    if not user.is_authenticated:
        return False
    # A staff session that has not passed the second factor never counts, whatever it holds.
    if isinstance(user, User) and user.kind == User.Kind.STAFF and not is_verified(user):
        return False
    granted_at = request.session.get(SUDO_SESSION_KEY)
    if not isinstance(granted_at, int | float):
        return False
    age = timezone.now().timestamp() - granted_at
    return 0 <= age < settings.SUDO_MINUTES * 60


def sudo_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Where to re-authenticate: parents request a new link, staff confirm password and code."""
    user = request.user
    if not user.is_authenticated:
        target = reverse("accounts:login")
    elif getattr(user, "kind", None) == User.Kind.STAFF:
        target = reverse("accounts:sudo")
    else:
        target = reverse("accounts:parent_login")
    return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def sudo_required[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Let the view run only for a user who re-authenticated in the last SUDO_MINUTES."""

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if has_recent_sudo(request):
            return view(request, *args, **kwargs)
        return sudo_redirect(request)

    # update_wrapper rather than @wraps: it keeps the wrapper's own (precise) type for mypy.
    update_wrapper(wrapper, view)
    return wrapper
