"""First sign-in of a staff member: link an authenticator app, then see backup codes once."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from schoolprivacy.accounts import throttle
from schoolprivacy.accounts.forms import EnrolForm
from schoolprivacy.accounts.otp import (
    backup_codes_generate,
    confirmed_totp_device,
    manual_secret,
    pending_totp_device,
    qr_data_uri,
    totp_device_confirm,
    verify_pending_code,
)
from schoolprivacy.accounts.signin import audit_signin, is_verified, staff_user, throttled_response

# The freshly generated codes wait here until the one page that shows them is opened.
BACKUP_CODES_SESSION_KEY = "accounts_new_backup_codes"


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if user is None:
        return redirect("accounts:login")
    if is_verified(user):
        return redirect("web:home")
    # Replacing a linked app must not be possible with the password alone.
    if confirmed_totp_device(user) is not None:
        return redirect("accounts:second_factor")

    device = pending_totp_device(user)
    form = EnrolForm(request.POST or None)
    context = {"form": form, "qr": qr_data_uri(device), "secret": manual_secret(device)}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/enrol.html", context)

    counters = throttle.code_counters(request, user.username)
    blocked = throttle.blocked(counters)
    if blocked is not None:
        return throttled_response(
            request,
            template="accounts/enrol.html",
            context=context,
            blocked=blocked,
            step="enrolment",
            user=user,
        )
    if not verify_pending_code(device, form.cleaned_data["code"]):
        throttle.record(counters)
        audit_signin(
            "accounts.signin.failed", user=user, context={"step": "enrolment", "reason": "bad_code"}
        )
        form.add_error(
            "code",
            _("That code does not match. Check that the clock of your phone is right."),
        )
        return render(request, "accounts/enrol.html", context)

    throttle.reset(counters)
    with transaction.atomic():
        device = totp_device_confirm(device=device)
        codes = backup_codes_generate(user=user)
        audit_signin(
            "accounts.signin.succeeded", user=user, context={"method": "enrolment"}, signed_in=True
        )
    request.session.cycle_key()
    otp_login(request, device)
    request.session[BACKUP_CODES_SESSION_KEY] = codes
    return redirect("accounts:backup_codes")


@never_cache
@require_GET
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if user is None:
        return redirect("accounts:login")
    if not is_verified(user):
        return redirect("accounts:second_factor")
    # Shown once: a reload or a later visit finds nothing to show.
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(request, "accounts/backup_codes.html", {"codes": codes})
