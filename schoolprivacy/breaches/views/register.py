"""The privacy officer's breach register: the list with the 72-hour clock, one incident's
triage, follow-ups, the letter to the people concerned, closing. 404 for everyone else."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access.incidents import breach_register_board_id
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.breaches.clock import is_overdue, notify_by
from schoolprivacy.breaches.forms import FollowUpForm, TriageForm
from schoolprivacy.breaches.letters import LANGUAGES, letter
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.selectors import breaches_for, get_breach_for
from schoolprivacy.breaches.services import (
    TRIAGE_FIELDS,
    breach_close,
    breach_triage,
    follow_up_add,
    follow_up_done,
)
from schoolprivacy.taxonomy import BY_KEY


def _officer_or_404(request: StaffRequest) -> None:
    if breach_register_board_id(request.user) is None:
        raise Http404


@staff_required
def breach_list(request: StaffRequest) -> HttpResponse:
    _officer_or_404(request)
    now = timezone.now()
    rows = [
        {
            "breach": b,
            "notify_by": notify_by(b.aware_at),
            "overdue": b.ap_notified_at is None
            and b.risk != "none"
            and is_overdue(b.aware_at, now=now),
        }
        for b in breaches_for(request.user)
    ]
    return render(request, "breaches/list.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def breach_detail(request: StaffRequest, breach_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    form = TriageForm(request.POST or None, instance=Breach.objects.get(pk=breach.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in TRIAGE_FIELDS}
        try:
            breach_triage(actor=request.user, breach=breach, changes=changes)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("The incident is updated."))
            return redirect("breaches:detail", breach_id=breach.pk)
    return render(
        request,
        "breaches/detail.html",
        {
            "breach": breach,
            "form": form,
            "follow_up_form": FollowUpForm(),
            "follow_ups": breach.follow_ups.all(),
            "notify_by": notify_by(breach.aware_at),
            "overdue": breach.ap_notified_at is None and is_overdue(breach.aware_at),
            "categories": [BY_KEY[k] for k in breach.categories if k in BY_KEY],
            "languages": LANGUAGES,
        },
    )


@staff_required
@require_POST
def follow_up_new(request: StaffRequest, breach_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_add(
                actor=request.user,
                breach=breach,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect("breaches:detail", breach_id=breach.pk)


@staff_required
@require_POST
def follow_up_tick(request: StaffRequest, breach_id: int, follow_up_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    row = get_object_or_404(breach.follow_ups, pk=follow_up_id)
    follow_up_done(actor=request.user, follow_up=row)
    return redirect("breaches:detail", breach_id=breach.pk)


@staff_required
@require_POST
def close(request: StaffRequest, breach_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    try:
        breach_close(actor=request.user, breach=breach)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The incident is closed. It stays in the register."))
    return redirect("breaches:detail", breach_id=breach.pk)


@staff_required
def letter_text(request: StaffRequest, breach_id: int, language: str) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    if language not in LANGUAGES:
        raise Http404
    response = HttpResponse(letter(breach, language), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="datalek-{breach.pk}-{language}.txt"'
    return response
