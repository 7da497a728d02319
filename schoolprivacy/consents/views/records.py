"""A pupil's consents for staff: statuses, history, and recording a paper form.

The pupil comes from `access.policy.get_visible_pupil` (404 for anyone who may not see them).
Recording is for the administration and the location director of the pupil's school
(`Duty.RECORD_PAPER_CONSENT` in access.duties); the service checks it again, and a refusal there
is a 404 here too. A paper form is recorded after one confirmation step, like a change in the
portal.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, may_for_pupil
from schoolprivacy.access.policy import get_visible_pupil
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.disputes import dispute_guardians
from schoolprivacy.consents.forms import DisputeReportForm, PaperFormForm
from schoolprivacy.consents.models import Method
from schoolprivacy.consents.rules import ConsentRuleError
from schoolprivacy.consents.selectors import holders_for
from schoolprivacy.consents.services import consent_decide, dispute_open
from schoolprivacy.consents.views.common import (
    get_purpose_for_pupil,
    history_for,
    purpose_text,
    purposes_for_pupil,
    rows_for_pupil,
)
from schoolprivacy.people.models import Guardian, Pupil

PUPIL_HOLDER = "pupil"


def _may_record(user: User, pupil: Pupil) -> bool:
    return may_for_pupil(user, Duty.RECORD_PAPER_CONSENT, pupil)


@staff_required
def pupil_consents(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_visible_pupil(request.user, pupil_id)
    return render(
        request,
        "consents/staff/pupil.html",
        {
            "pupil": pupil,
            "rows": rows_for_pupil(pupil, purposes_for_pupil(pupil)),
            "may_record": _may_record(request.user, pupil),
        },
    )


def _holder_choices(pupil: Pupil) -> list[tuple[str, str]]:
    return [
        (PUPIL_HOLDER if h.is_pupil else str(h.guardian.pk if h.guardian else ""), h.label)
        for h in holders_for(pupil)
    ]


@staff_required
@require_http_methods(["GET", "POST"])
def paper_form(request: StaffRequest, pupil_id: int, purpose_id: int) -> HttpResponse:
    pupil = get_visible_pupil(request.user, pupil_id)
    if not _may_record(request.user, pupil):
        raise Http404
    purpose = get_purpose_for_pupil(pupil, purpose_id)
    form = PaperFormForm(request.POST or None, holders=_holder_choices(pupil))
    context = {
        "pupil": pupil,
        "purpose": purpose,
        "text": purpose_text(purpose),
        "form": form,
        "history": history_for(pupil, purpose),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "consents/staff/paper_form.html", context)
    if not request.POST.get("confirmed"):
        return render(request, "consents/staff/paper_confirm.html", context)
    holder = form.cleaned_data["holder"]
    guardian = None if holder == PUPIL_HOLDER else Guardian.objects.get(pk=int(holder))
    try:
        consent_decide(
            actor=request.user,
            pupil=pupil,
            purpose=purpose,
            decision=form.cleaned_data["decision"],
            by_guardian=guardian,
            by_pupil=guardian is None,
            method=Method.PAPER,
            reference=form.cleaned_data["reference"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ConsentRuleError as error:
        messages.error(request, str(error.message))
        return render(request, "consents/staff/paper_form.html", context, status=409)
    messages.success(request, _("The paper form has been recorded."))
    return redirect("consents:pupil", pupil_id=pupil.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def dispute_report(request: StaffRequest, pupil_id: int, purpose_id: int) -> HttpResponse:
    """The school learned that the parents disagree: stop until the director resolves it.

    A page first (which parent, a note, what happens next), so one click does not stop the
    processing of a pupil's photos by accident.
    """
    pupil = get_visible_pupil(request.user, pupil_id)
    if not may_for_pupil(request.user, Duty.OPEN_DISPUTE, pupil):
        raise Http404
    purpose = get_purpose_for_pupil(pupil, purpose_id)
    guardians = {str(g.pk): g for g in dispute_guardians(pupil)}
    form = DisputeReportForm(
        request.POST or None, guardians=[(key, g.name) for key, g in guardians.items()]
    )
    context = {"pupil": pupil, "purpose": purpose, "text": purpose_text(purpose), "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "consents/staff/dispute_form.html", context)
    try:
        dispute_open(
            actor=request.user,
            pupil=pupil,
            purpose=purpose,
            guardian=guardians[form.cleaned_data["guardian"]],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ConsentRuleError as error:
        messages.error(request, str(error.message))
        return render(request, "consents/staff/dispute_form.html", context, status=409)
    messages.success(request, _("Recorded: the parents disagree. Processing has stopped."))
    return redirect("consents:pupil", pupil_id=pupil.pk)
