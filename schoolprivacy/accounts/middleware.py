"""Staff must finish two-factor sign-in before they reach anything but the sign-in pages.

The Django admin is held to the same rule for every kind of account, and its own password-only
login form is never used: it would skip the second factor and the sign-in throttling.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers

from schoolprivacy.lib.request_memo import request_memo

# Paths a half-signed-in staff member may reach: the second factor, enrolment, sign-out, language,
# and the public privacy statements, which anyone may read.
EXEMPT_PREFIXES = (
    "/privacy/",
    "/inloggen/",
    "/uitloggen/",
    "/ouders/inloggen/",
    "/i18n/",
    "/static/",
    "/healthz",
)


def _is_verified(user: object) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def _admin_paths() -> tuple[str, str] | None:
    try:
        return reverse("admin:index"), reverse("admin:login")
    except NoReverseMatch:
        return None


class StaffVerificationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        admin = _admin_paths()
        if admin is not None and request.path.startswith(admin[0]):
            gate = self._admin_gate(request, login_path=admin[1])
            if gate is not None:
                return gate
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "kind", None) == "staff"
            and not _is_verified(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            return redirect(reverse("accounts:second_factor"))
        return self.get_response(request)

    def _admin_gate(self, request: HttpRequest, *, login_path: str) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            target = request.GET.get("next", "") if request.path == login_path else ""
            next_url = target or request.get_full_path()
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")
        if getattr(user, "kind", None) != "staff":
            # Parents and pupils have no admin; do not even confirm it exists.
            raise Http404
        if not _is_verified(user):
            return redirect(reverse("accounts:second_factor"))
        if request.path == login_path:
            if user.is_active and user.is_staff:
                return redirect(reverse("admin:index"))
            raise PermissionDenied
        return None


class NoStoreMiddleware:
    """Signed-in pages and API answers are never kept by the browser or a proxy.

    They show pupil data; a shared computer's back button or disk cache, or a caching proxy,
    must not keep a copy after sign-out. Pages for anonymous visitors keep their own caching. A
    view that chose its own no-store or no-cache (a published rendition must be asked for again
    so that a withdrawal takes effect, and is public anyway) keeps its header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        own = response.get("Cache-Control", "")
        if (request.path.startswith("/api/") or request.user.is_authenticated) and not (
            "no-store" in own or "no-cache" in own
        ):
            add_never_cache_headers(response)
        return response


class RequestMemoMiddleware:
    """Opens the request's memo (`lib.request_memo`) and drops it with the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_memo():
            return self.get_response(request)
