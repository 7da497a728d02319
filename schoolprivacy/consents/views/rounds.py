"""Consent rounds on a page (consents/rounds.py): list, start one, follow its progress per group
and send its reminder. The board's overseer only; 404 for everyone else."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents import rounds
from schoolprivacy.consents.round_forms import RoundForm
from schoolprivacy.consents.views.common import purpose_name


@staff_required
def round_list(request: StaffRequest) -> HttpResponse:
    return render(
        request, "consents/staff/rounds.html", {"rounds": list(rounds.rounds_for(request.user))}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def round_new(request: StaffRequest) -> HttpResponse:
    board_id = rounds.round_board_id(request.user)
    form = RoundForm(request.POST or None, board_id=board_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent_round = rounds.consent_round_create(
            actor=request.user,
            name=data["name"],
            school=data["school"],
            purposes=list(data["purposes"]),
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            closes_collection=data["closes_collection"],
            reminder_days_before=data["reminder_days_before"],
        )
        messages.success(request, _("The consent round has been created."))
        return redirect("consents:round", round_id=consent_round.pk)
    return render(request, "consents/staff/round_form.html", {"form": form})


@staff_required
def round_detail(request: StaffRequest, round_id: int) -> HttpResponse:
    consent_round = rounds.get_round_for(request.user, round_id)
    purposes, rows = rounds.round_progress(consent_round)
    return render(
        request,
        "consents/staff/round.html",
        {
            "round": consent_round,
            "purposes": [purpose_name(p) for p in purposes],
            "rows": rows,
        },
    )


@require_POST
@staff_required
def round_remind(request: StaffRequest, round_id: int) -> HttpResponse:
    consent_round = rounds.get_round_for(request.user, round_id)
    if rounds.consent_round_remind_now(actor=request.user, consent_round=consent_round):
        messages.success(request, _("The reminder is being sent to parents without an answer."))
    else:
        messages.error(
            request, _("No reminder sent: it was sent already or the round is not open.")
        )
    return redirect("consents:round", round_id=consent_round.pk)
