"""Staff pages: a pupil's disclosures, recording one, and the meldcode's "show to the parents".

Who may see and record is decided in `access.sharing`; the pupil comes from the selectors (404 for
anyone who may not list this pupil's disclosures, never a 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access.sharing import recipients_for
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.disclosures.forms import DisclosureForm
from schoolprivacy.disclosures.presentation import rows_for
from schoolprivacy.disclosures.recipients import BY_KEY
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.selectors import (
    disclosures_of_pupil,
    get_disclosure_for_staff,
    get_pupil_for_disclosures,
)
from schoolprivacy.disclosures.services import disclosure_record, disclosure_show_to_parents


@staff_required
def pupil_disclosures(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_disclosures(request.user, pupil_id)
    rows = rows_for(disclosures_of_pupil(request.user, pupil))
    return render(
        request,
        "disclosures/staff/pupil.html",
        {"pupil": pupil, "rows": rows, "may_record": bool(recipients_for(request.user, pupil))},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def disclosure_new(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_disclosures(request.user, pupil_id)
    recipients = [BY_KEY[k] for k in recipients_for(request.user, pupil) if k in BY_KEY]
    if not recipients:
        raise Http404
    form = DisclosureForm(request.POST or None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure_record(
                actor=request.user,
                pupil=pupil,
                recipient=data["recipient"],
                basis=data["basis"],
                categories=data["categories"],
                article=data["article"],
                note=data["note"],
                recipient_name=data["recipient_name"],
                absence_hours=data["absence_hours"],
                shown_to_parents_on=data["shown_to_parents_on"],
                parent_remarks=data["parent_remarks"],
                reference=data["reference"],
                shown_to_parents=data["shown_to_parents"],
            )
        except PermissionDenied:
            raise Http404 from None
        except DisclosureRefused as refusal:
            form.add_error(None, refusal.messages[0])
        else:
            messages.success(request, _("The disclosure is recorded."))
            return redirect("disclosures:pupil", pupil_id=pupil.pk)
    return render(request, "disclosures/staff/new.html", {"pupil": pupil, "form": form})


@staff_required
@require_POST
def show_to_parents(request: StaffRequest, disclosure_id: int) -> HttpResponse:
    disclosure = get_disclosure_for_staff(request.user, disclosure_id)
    try:
        disclosure_show_to_parents(actor=request.user, disclosure=disclosure)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The parents can now see this disclosure."))
    return redirect("disclosures:pupil", pupil_id=disclosure.pupil_id)
