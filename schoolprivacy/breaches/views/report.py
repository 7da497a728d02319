"""Reporting an incident: any staff member (also a supplier's report), and a pupil."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.incidents import reporting_board_id
from schoolprivacy.accounts.decorators import StaffRequest, pupil_required, staff_required
from schoolprivacy.breaches.forms import PupilReportForm, ReportForm
from schoolprivacy.breaches.impact import known_systems
from schoolprivacy.breaches.services import breach_report, breach_report_by_pupil
from schoolprivacy.people.models import Pupil


@staff_required
@require_http_methods(["GET", "POST"])
def report(request: StaffRequest) -> HttpResponse:
    board_id = reporting_board_id(request.user)
    if board_id is None:
        raise Http404
    form = ReportForm(request.POST or None, systems=known_systems(board_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            breach_report(
                actor=request.user,
                aware_at=data["aware_at"],
                description=data["description"],
                systems=data["systems"],
                supplier_name=data["supplier_name"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return render(request, "breaches/reported.html", {"staff": True})
    return render(request, "breaches/report.html", {"form": form})


@pupil_required
@require_http_methods(["GET", "POST"])
def pupil_report(request: HttpRequest, pupil: Pupil) -> HttpResponse:
    form = PupilReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        breach_report_by_pupil(pupil=pupil, description=form.cleaned_data["description"])
        messages.success(request, _("Thank you. The privacy officer will look into it."))
        return redirect("breaches:pupil_report")
    return render(request, "breaches/pupil_report.html", {"form": form, "pupil": pupil})
