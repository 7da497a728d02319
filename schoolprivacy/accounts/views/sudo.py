"""Step-up: staff confirm password and a current code before sensitive actions."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from schoolprivacy.accounts import throttle
from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.forms import SudoForm
from schoolprivacy.accounts.otp import verify_code
from schoolprivacy.accounts.signin import (
    audit_signin,
    is_verified,
    safe_next,
    staff_user,
    throttled_response,
)
from schoolprivacy.accounts.sudo import grant_sudo
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record


@never_cache
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def sudo(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    target = next_url or reverse("web:home")
    query = "?" + urlencode({"next": target})
    user = staff_user(request)
    if user is None:
        # Parents re-authenticate by a fresh emailed link; anyone else signs in first.
        name = "accounts:parent_login" if request.user.is_authenticated else "accounts:login"
        return redirect(reverse(name) + query)
    if not is_verified(user):
        return redirect("accounts:second_factor")

    form = SudoForm(request.POST or None)
    context = {"form": form, "next": target}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/sudo.html", context)

    password_counters = throttle.password_counters(request, user.username)
    code_counters = throttle.code_counters(request, user.username)
    blocked = throttle.blocked(password_counters + code_counters)
    if blocked is not None:
        return throttled_response(
            request,
            template="accounts/sudo.html",
            context=context,
            blocked=blocked,
            step="sudo",
            user=user,
        )

    # The code is only tried after the password is right, so a typo in the password does not
    # use up a TOTP code or a backup code.
    if not user.check_password(form.cleaned_data["password"]):
        throttle.record(password_counters)
        failure = "bad_password"
    elif verify_code(user, form.cleaned_data["code"]) is None:
        throttle.record(code_counters)
        failure = "bad_code"
    else:
        throttle.reset(password_counters + code_counters)
        grant_sudo(request)
        audit_record(
            action="accounts.sudo.granted",
            board_id=board_id_of(user),
            actor_id=user.pk,
            subjects=[Subject(subject_types.USER, user.pk)],
        )
        return redirect(target)

    audit_signin(
        "accounts.signin.failed",
        user=user,
        context={"step": "sudo", "reason": failure},
        signed_in=True,
    )
    form.add_error(None, _("The password or the code is not correct."))
    return render(request, "accounts/sudo.html", context)
