"""Audit events and throttling responses shared by the sign-in views.

Events name the account by ID only; the typed username or email never enters the log.
"""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from schoolprivacy.accounts import throttle
from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

# Where to go after the sign-in finishes; kept in the session across the two steps.
NEXT_SESSION_KEY = "accounts_next"


def staff_user(request: HttpRequest) -> User | None:
    """The signed-in staff member, whether or not they passed the second factor yet."""
    user = request.user
    if isinstance(user, User) and user.kind == User.Kind.STAFF:
        return user
    return None


def is_verified(user: User) -> bool:
    """True when this request's session passed the second factor (set by OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def audit_signin(
    action: str,
    *,
    user: User | None,
    context: Mapping[str, Any],
    signed_in: bool = False,
) -> None:
    """One sign-in event. The actor is known only once the person proved who they are."""
    audit_record(
        action=action,
        board_id=board_id_of(user),
        actor_id=user.pk if (user is not None and signed_in) else None,
        subjects=[Subject(subject_types.USER, user.pk)] if user is not None else [],
        context=context,
        channel="web",
    )


def throttled_response(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    blocked: throttle.Blocked,
    step: str,
    user: User | None,
) -> HttpResponse:
    """429 with the form and a message saying how long to wait; audited."""
    audit_signin(
        "accounts.signin.throttled",
        user=user,
        context={"step": step, "scope": blocked.scope, "minutes": blocked.minutes},
    )
    context["throttled"] = ngettext(
        "Too many attempts. Please try again in %(minutes)d minute.",
        "Too many attempts. Please try again in %(minutes)d minutes.",
        blocked.minutes,
    ) % {"minutes": blocked.minutes}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(blocked.seconds)
    return response


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    """`value` when it is an absolute path on this site, else None (no open redirects).

    Only a path that starts with one slash is accepted: `foo` would be taken by `redirect()` for
    the name of a URL pattern (a 500 after the second factor), `//evil.example` and
    `/\\evil.example` are other sites to a browser, and a full URL is never needed.
    """
    if (
        value
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return None


def remember_next(request: HttpRequest, value: str | None) -> None:
    target = safe_next(request, value)
    if target:
        request.session[NEXT_SESSION_KEY] = target
    else:
        request.session.pop(NEXT_SESSION_KEY, None)


def pop_next(request: HttpRequest, default: str) -> str:
    return safe_next(request, request.session.pop(NEXT_SESSION_KEY, None)) or default
