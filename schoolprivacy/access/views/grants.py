"""Exception grants: directors manage their school's, the privacy officer the board's.

Anyone else gets a 404 on every page here. Approving needs a recent re-authentication (sudo).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.forms import GrantForm, GrantRevokeForm, approvable_schools
from schoolprivacy.access.selectors import get_grant_for_approver, grants_for_approver
from schoolprivacy.access.services import grant_create, grant_revoke
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.taxonomy import BY_KEY

PAGE_SIZE = 50


def _require_approver(request: StaffRequest) -> None:
    if not approvable_schools(request.user).exists():
        raise Http404


@staff_required
def grant_list(request: StaffRequest) -> HttpResponse:
    _require_approver(request)
    grants = grants_for_approver(request.user).prefetch_related("pupils")
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "access/grant_list.html",
        {"page": page, "today": timezone.localdate(), "categories": BY_KEY},
    )


@staff_required
def grant_new(request: StaffRequest) -> HttpResponse:
    # sudo_required's check, made after the 404 so outsiders are not even asked to
    # re-authenticate (which would confirm the page means something to them).
    _require_approver(request)
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    form = GrantForm(request.POST or None, approver=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant_create(
                approver=request.user,
                grantee=data["grantee"],
                school=data["school"],
                category_key=data["category_key"],
                scope=data["scope"],
                group=data["group"],
                pupils=data["pupils"] or (),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The exception was approved."))
            return redirect("access:grant_list")
    return render(request, "access/grant_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def grant_end(request: StaffRequest, grant_id: int) -> HttpResponse:
    grant = get_grant_for_approver(request.user, grant_id)
    form = GrantRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant_revoke(actor=request.user, grant=grant)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The exception was revoked."))
            return redirect("access:grant_list")
    return render(
        request,
        "access/grant_revoke.html",
        {"grant": grant, "form": form, "category": BY_KEY.get(grant.category_key)},
    )
