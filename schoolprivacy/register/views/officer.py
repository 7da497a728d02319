"""The privacy officer's register pages. Anyone else gets a 404 (selectors.register_board_for)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.register.forms import (
    ActivityForm,
    RecipientFormSet,
    recipients_from,
    recipients_initial,
)
from schoolprivacy.register.history import history_rows, recipient_in_words, value_in_words
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.selectors import (
    activities_for_officer,
    activity_history,
    get_activity_for_officer,
    register_board_for,
    retention_rules_for,
)
from schoolprivacy.register.services import (
    activity_create,
    activity_deactivate,
    activity_reactivate,
    activity_update,
    register_install_defaults,
)
from schoolprivacy.schools.models import Board


@staff_required
def activity_list(request: StaffRequest) -> HttpResponse:
    board = register_board_for(request.user)
    activities = activities_for_officer(board)
    if not activities.exists():
        # A board's first visit: start from the default Dutch-school register.
        register_install_defaults(board=board, actor_id=request.user.pk)
    activities = activities.order_by("-is_active", "name")
    return render(
        request,
        "register/list.html",
        {
            "board": board,
            "activities": activities,
            "schools": board.schools.order_by("name"),
        },
    )


@staff_required
def activity_detail(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_officer(request.user, activity_id)
    return render(
        request,
        "register/detail.html",
        {
            "activity": activity,
            "history": history_rows(activity_history(activity)),
            "subjects": value_in_words("data_subjects", activity.data_subjects),
            "sources": value_in_words("sources", activity.sources),
            "roles": value_in_words("access_roles", activity.access_roles),
            "recipients": [recipient_in_words(r) for r in activity.recipients],
        },
    )


def _save(request: StaffRequest, board: Board, activity: ProcessingActivity | None) -> HttpResponse:
    rules = retention_rules_for(board)
    if request.method == "POST":
        form = ActivityForm(request.POST, rules=rules)
        recipients = RecipientFormSet(request.POST, prefix="recipients")
        if form.is_valid() and recipients.is_valid():
            data = form.to_data(recipients_from(recipients))
            try:
                if activity is None:
                    activity = activity_create(board=board, data=data, actor_id=request.user.pk)
                    messages.success(request, _("The activity was added to the register."))
                else:
                    activity = activity_update(
                        activity=activity, data=data, actor_id=request.user.pk
                    )
                    messages.success(request, _("Your changes were saved as a new version."))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("register:detail", activity.pk)
    else:
        initial = ActivityForm.initial_for(activity) if activity else {}
        form = ActivityForm(initial=initial, rules=rules)
        recipients = RecipientFormSet(initial=recipients_initial(activity), prefix="recipients")
    context: dict[str, Any] = {"form": form, "recipients": recipients, "activity": activity}
    return render(request, "register/form.html", context)


def _add_errors(form: ActivityForm, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        target = name if name in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


@staff_required
def activity_create_view(request: StaffRequest) -> HttpResponse:
    return _save(request, register_board_for(request.user), None)


@staff_required
def activity_edit(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_officer(request.user, activity_id)
    return _save(request, activity.board, activity)


@staff_required
def activity_deactivate_view(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_officer(request.user, activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity_deactivate(activity=activity, actor_id=request.user.pk)
    messages.success(
        request, _("The activity is no longer active and no longer in the privacy statement.")
    )
    return redirect("register:detail", activity.pk)


@staff_required
def activity_reactivate_view(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_officer(request.user, activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity_reactivate(activity=activity, actor_id=request.user.pk)
    messages.success(request, _("The activity is active again and back in the privacy statement."))
    return redirect("register:detail", activity.pk)
