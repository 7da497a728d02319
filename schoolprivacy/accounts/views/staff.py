"""Staff sign-in: password first, then a TOTP or backup code; and signing out."""

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from schoolprivacy.accounts import throttle
from schoolprivacy.accounts.forms import CodeForm, LoginForm
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.otp import confirmed_totp_device, remaining_backup_codes, verify_code
from schoolprivacy.accounts.signin import (
    audit_signin,
    is_verified,
    pop_next,
    remember_next,
    staff_user,
    throttled_response,
)

# One message for every refusal, so the form does not reveal which accounts exist or are staff.
BAD_CREDENTIALS = gettext_lazy(
    "Please enter a correct username and password. Both are case-sensitive."
)


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {"form": form, "next": next_url}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/login.html", context)

    username = form.cleaned_data["username"]
    counters = throttle.password_counters(request, username)
    known = User.objects.filter(username=username).first()
    blocked = throttle.blocked(counters)
    if blocked is not None:
        return throttled_response(
            request,
            template="accounts/login.html",
            context=context,
            blocked=blocked,
            step="password",
            user=known,
        )

    user = authenticate(request, username=username, password=form.cleaned_data["password"])
    if not isinstance(user, User) or user.kind != User.Kind.STAFF:
        throttle.record(counters)
        if known is None:
            reason = "unknown_account"
        elif user is None:
            reason = "bad_password"
        else:
            reason = "not_staff"
        audit_signin(
            "accounts.signin.failed", user=known, context={"step": "password", "reason": reason}
        )
        form.add_error(None, BAD_CREDENTIALS)
        return render(request, "accounts/login.html", context)

    throttle.reset(counters)
    # The session is signed in but not verified: the middleware keeps it on the sign-in pages
    # until the second factor is done.
    login(request, user)
    remember_next(request, next_url)
    if confirmed_totp_device(user) is None:
        return redirect("accounts:enrol")
    return redirect("accounts:second_factor")


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if user is None:
        return redirect("accounts:login")
    if is_verified(user):
        return redirect(pop_next(request, reverse("web:home")))
    if confirmed_totp_device(user) is None:
        return redirect("accounts:enrol")

    form = CodeForm(request.POST or None)
    context = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/second_factor.html", context)

    counters = throttle.code_counters(request, user.username)
    blocked = throttle.blocked(counters)
    if blocked is not None:
        return throttled_response(
            request,
            template="accounts/second_factor.html",
            context=context,
            blocked=blocked,
            step="second_factor",
            user=user,
        )

    device = verify_code(user, form.cleaned_data["code"])
    if device is None:
        throttle.record(counters)
        audit_signin(
            "accounts.signin.failed",
            user=user,
            context={"step": "second_factor", "reason": "bad_code"},
        )
        form.add_error(
            "code",
            _("That code is not valid. Check the clock of your phone, or use a backup code."),
        )
        return render(request, "accounts/second_factor.html", context)

    throttle.reset(counters)
    # New privileges, new session key: a key seen before this step is worth nothing after it.
    request.session.cycle_key()
    otp_login(request, device)
    method = "backup_code" if isinstance(device, StaticDevice) else "totp"
    audit_signin("accounts.signin.succeeded", user=user, context={"method": method}, signed_in=True)
    if method == "backup_code":
        left = remaining_backup_codes(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a backup code. You have %(count)d backup code left.",
                "You signed in with a backup code. You have %(count)d backup codes left.",
                left,
            )
            % {"count": left},
        )
    return redirect(pop_next(request, reverse("web:home")))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    was_parent = getattr(request.user, "kind", None) == User.Kind.PARENT
    logout(request)
    # In the new, empty session: the sign-in page confirms it (a shared school computer).
    messages.success(request, _("You have signed out."))
    return redirect("accounts:parent_login" if was_parent else "accounts:login")
