"""The DPIA register pages of the privacy officer; 404 for everyone else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.policies.dpia import (
    activities_for_officer,
    dpia_save,
    dpias_for_officer,
    get_dpia_for_officer,
)
from schoolprivacy.policies.forms import DpiaForm
from schoolprivacy.policies.models import Dpia
from schoolprivacy.policies.selectors import officer_board_id


@staff_required
def dpia_list(request: StaffRequest) -> HttpResponse:
    officer_board_id(request.user)
    return render(request, "policies/dpia_list.html", {"dpias": dpias_for_officer(request.user)})


def _initial(dpia: Dpia) -> dict[str, object]:
    return {
        "activity": dpia.activity,
        "supplier_name": dpia.supplier_name,
        "criteria": dpia.criteria,
        "document_reference": dpia.document_reference,
        "performed_on": dpia.performed_on,
        "outcome": dpia.outcome,
        "measures": dpia.measures,
        "review_on": dpia.review_on,
    }


@staff_required
def dpia_edit(request: StaffRequest, dpia_id: int | None = None) -> HttpResponse:
    officer_board_id(request.user)
    dpia = get_dpia_for_officer(request.user, dpia_id) if dpia_id is not None else None
    form = DpiaForm(
        request.POST or None,
        initial=_initial(dpia) if dpia else None,
        activities=activities_for_officer(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = dpia_save(actor=request.user, dpia=dpia, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The DPIA register has been updated."))
            return redirect("policies:dpia", dpia_id=saved.pk)
    return render(request, "policies/dpia_form.html", {"form": form, "dpia": dpia})
