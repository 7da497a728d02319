"""A staff member's own API tokens: see when each expires, revoke one, make a new one (issue 13.6).

A new token is shown once, on the page that answers the form, with its expiry date; only its
SHA-256 is kept. Making one needs a recent re-authentication (sudo), revoking does not.
Someone else's token is a 404.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.models import ApiToken
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.accounts.tokens import MAX_TOKEN_DAYS, api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        help_text=gettext_lazy("For example the name of the integration that uses it."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=settings.API_TOKEN_DAYS,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def token_list(request: StaffRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, initial={"days": settings.API_TOKEN_DAYS})
    created = None
    if request.method == "POST":
        if not has_recent_sudo(request):
            return sudo_redirect(request)
        if form.is_valid():
            api_token, token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                actor_id=request.user.pk,
                channel="web",
            )
            created = {"token": token, "api_token": api_token}
            form = TokenForm(initial={"days": settings.API_TOKEN_DAYS})
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": tokens, "form": form, "created": created},
    )


@staff_required
@require_POST
def token_revoke(request: StaffRequest, token_id: int) -> HttpResponse:
    api_token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if api_token_revoke(api_token=api_token, actor_id=request.user.pk, channel="web"):
        messages.success(request, _("The token is revoked and no longer works."))
    return redirect("accounts:tokens")
