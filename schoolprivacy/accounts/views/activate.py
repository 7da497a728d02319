"""A new staff member's first sign-in: choose a password through the emailed activation link.

The link is Django's password-reset token: it stops working once the password is set or the
account signs in, and after PASSWORD_RESET_TIMEOUT. After the password, the session is half
signed in and goes straight to linking an authenticator app (enrol), so nobody reaches a page
without a second factor.
"""

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.signin import audit_signin

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _user_for(uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, kind=User.Kind.STAFF, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_for(uidb64, token)
    if user is None:
        return render(request, "accounts/activate_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_signin("accounts.account.activated", user=user, context={}, signed_in=True)
        # Signed in, not verified: the middleware keeps the session on enrolment until an
        # authenticator app is linked.
        login(request, user, backend=MODEL_BACKEND)
        return redirect("accounts:enrol")
    return render(request, "accounts/activate.html", {"form": form})
