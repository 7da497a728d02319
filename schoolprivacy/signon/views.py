"""Staff sign-in through the board's OpenID Connect provider (decision 0022).

`start` sends the browser to the provider with a fresh state, nonce and PKCE challenge, kept in
the session; `callback` accepts only a state this session started, exchanges the code, checks the
ID token (oidc.py) and signs in the staff account linked to the token's issuer and subject. Where
the token does not say that the provider checked more than one factor (`amr` has no "mfa"), the
session is only half signed in and the usual TOTP step (or first-time enrolment) follows.
"""

import logging
import time

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from schoolprivacy.access.staffing import get_managed_staff, managed_board_id
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.otp import confirmed_totp_device
from schoolprivacy.accounts.signin import audit_signin, pop_next, remember_next
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.signon import oidc
from schoolprivacy.signon.forms import IdentityForm
from schoolprivacy.signon.models import Identity, Provider
from schoolprivacy.signon.services import (
    client_for,
    identity_set,
    provider_mfa_device,
    staff_for_identity,
)

logger = logging.getLogger(__name__)

FLOWS_SESSION_KEY = "signon_flows"
# A sign-in at the provider must come back within this time, and a session keeps few open flows.
FLOW_SECONDS = 10 * 60
MAX_OPEN_FLOWS = 3
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("signon:callback"))


def _refuse(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "signon/refused.html", {"message": message}, status=status)


@never_cache
@require_GET
def start(request: HttpRequest, provider_id: int) -> HttpResponse:
    # A link, not a form: the page's CSP allows forms to post to this site only (form-action
    # 'self'), and browsers apply that to the redirect to the provider as well. Starting a flow
    # changes nothing but this session's list of open flows, so GET is safe.
    provider = get_object_or_404(Provider.objects.select_related("board"), pk=provider_id)
    client = client_for(provider)
    if client is None:
        raise Http404
    try:
        endpoints = oidc.discover(provider.issuer)
    except oidc.OidcError as error:
        logger.warning("single sign-on: discovery failed for provider %s: %s", provider.pk, error)
        return _refuse(
            request,
            _("The sign-in service of your school cannot be reached now. Please try again later."),
            status=502,
        )
    flow = oidc.Flow.new()
    flows = {
        state: data
        for state, data in dict(request.session.get(FLOWS_SESSION_KEY, {})).items()
        if isinstance(data, dict) and data.get("at", 0) > time.time() - FLOW_SECONDS
    }
    flows[flow.state] = {
        "provider": provider.pk,
        "nonce": flow.nonce,
        "verifier": flow.verifier,
        "next": request.GET.get("next", ""),
        "at": time.time(),
    }
    newest = sorted(flows.items(), key=lambda item: item[1]["at"])[-MAX_OPEN_FLOWS:]
    request.session[FLOWS_SESSION_KEY] = dict(newest)
    url = oidc.authorization_url(
        endpoints,
        client_id=provider.client_id,
        redirect_uri=_redirect_uri(request),
        flow=flow,
    )
    return redirect(url)


def _take_flow(request: HttpRequest) -> tuple[oidc.Flow, dict[str, object]] | None:
    """The flow this session started for the returned state, removed so it works only once."""
    state = request.GET.get("state", "")
    flows = dict(request.session.get(FLOWS_SESSION_KEY, {}))
    data = flows.pop(state, None) if state else None
    request.session[FLOWS_SESSION_KEY] = flows
    if not isinstance(data, dict) or data.get("at", 0) <= time.time() - FLOW_SECONDS:
        return None
    flow = oidc.Flow(state=state, nonce=str(data["nonce"]), verifier=str(data["verifier"]))
    return flow, data


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    taken = _take_flow(request)
    if taken is None:
        audit_signin(
            "accounts.signin.failed", user=None, context={"step": "sso", "reason": "state"}
        )
        return _refuse(
            request,
            _(
                "This sign-in was not started in this browser, or it took too long. "
                "Please start again."
            ),
            status=400,
        )
    flow, data = taken
    provider_id = data.get("provider")
    provider = (
        Provider.objects.select_related("board").filter(pk=provider_id).first()
        if isinstance(provider_id, int)
        else None
    )
    client = client_for(provider) if provider is not None else None
    code = request.GET.get("code", "")
    if client is None or not code or request.GET.get("error"):
        audit_signin(
            "accounts.signin.failed",
            user=None,
            context={"step": "sso", "reason": "provider_refused"},
        )
        return _refuse(
            request, _("The sign-in service of your school did not sign you in."), status=400
        )
    provider = client.provider
    try:
        endpoints = oidc.discover(provider.issuer)
        id_token = oidc.exchange_code(
            endpoints,
            code=code,
            client_id=provider.client_id,
            client_secret=client.client_secret,
            redirect_uri=_redirect_uri(request),
            flow=flow,
        )
        claims = oidc.verify_id_token(
            id_token,
            endpoints=endpoints,
            issuer=provider.issuer,
            client_id=provider.client_id,
            nonce=flow.nonce,
        )
    except oidc.OidcError as error:
        logger.warning("single sign-on: provider %s: %s", provider.pk, error)
        audit_signin(
            "accounts.signin.failed", user=None, context={"step": "sso", "reason": "token"}
        )
        return _refuse(
            request, _("The sign-in could not be completed. Please start again."), status=400
        )

    user = staff_for_identity(provider=provider, subject=claims.subject)
    if user is None:
        audit_signin(
            "accounts.signin.failed",
            user=None,
            context={"step": "sso", "reason": "unknown_subject"},
        )
        return _refuse(
            request,
            _(
                "Your school account is not linked to a staff account in Schoolprivacy, or that "
                "account has no access. Ask your privacy officer or functional administrator to "
                "add you."
            ),
            status=403,
        )

    login(request, user, backend=MODEL_BACKEND)
    remember_next(request, str(data.get("next") or ""))
    if claims.mfa:
        otp_login(request, provider_mfa_device(user))
        audit_signin(
            "accounts.signin.succeeded", user=user, context={"method": "sso_mfa"}, signed_in=True
        )
        return redirect(pop_next(request, reverse("web:home")))
    # The provider did not assert a second factor: ours follows, as after a password.
    audit_signin("accounts.signin.sso", user=user, context={"step": "password", "mfa": False})
    if confirmed_totp_device(user) is None:
        return redirect("accounts:enrol")
    return redirect("accounts:second_factor")


@require_http_methods(["GET", "POST"])
@staff_required
def identity(request: StaffRequest, staff_id: int) -> HttpResponse:
    """Link a staff account to its subject at the board's provider (staff managers only)."""
    if managed_board_id(request.user) is None:
        raise Http404
    member = get_managed_staff(request.user, staff_id)
    provider = Provider.objects.filter(board_id=member.board_id).first()
    if provider is None:
        return render(request, "signon/identity.html", {"member": member, "provider": None})
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    current = Identity.objects.filter(user=member.user, board_id=member.board_id).first()
    form = IdentityForm(
        request.POST or None, initial={"subject": current.subject if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            identity_set(actor=request.user, staff=member, subject=form.cleaned_data["subject"])
        except ValidationError as error:
            form.add_error("subject", error)
        else:
            messages.success(request, _("The school account link was saved."))
            return redirect("access:staff_detail", staff_id=member.pk)
    return render(
        request, "signon/identity.html", {"form": form, "member": member, "provider": provider}
    )
