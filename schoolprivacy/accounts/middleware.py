"""Staff must finish two-factor sign-in before they reach anything but the sign-in pages."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a half-signed-in staff member may reach: the second factor, enrolment, sign-out, language.
EXEMPT_PREFIXES = ("/inloggen/", "/uitloggen/", "/i18n/", "/static/", "/healthz")


class StaffVerificationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "kind", None) == "staff"
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            return redirect(reverse("accounts:second_factor"))
        return self.get_response(request)
