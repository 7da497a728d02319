"""The portal's consent pages: per child the purposes, the full text, a change with one
confirmation step, and the history of decisions.

Which child a parent may open is decided by `access.parents.get_child_for_parent` (authority,
no information restriction): anyone else gets a 404. Whether this holder may make this decision
(consent age, joint authority, disputes) is decided by `consents.services.consent_decide`; its
refusal is shown with the reason it gives.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.parents import get_child_for_parent
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.consents.rules import ConsentRuleError, decides_alone
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.consents.views.common import (
    DecisionChannel,
    confirm_context,
    decision_page,
    get_purpose_for_pupil,
    guardian_for_user,
    purposes_for_pupil,
    rows_for_pupil,
)


@parent_required
def consent_list(request: ParentRequest, pupil_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    purposes = purposes_for_pupil(pupil)
    return render(
        request,
        "consents/portal/list.html",
        {
            "pupil": pupil,
            "rows": rows_for_pupil(pupil, purposes),
            # From 16 the pupil decides; the parents see the choices (issue 19).
            "decides_alone": decides_alone(pupil, timezone.localdate()),
        },
    )


@parent_required
@require_http_methods(["GET", "POST"])
def consent_detail(request: ParentRequest, pupil_id: int, purpose_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    purpose = get_purpose_for_pupil(pupil, purpose_id)
    status, form, context = decision_page(request.POST, pupil, purpose)
    if request.method != "POST" or not form.is_valid():
        return render(request, "consents/portal/detail.html", context)
    decision = form.cleaned_data["decision"]
    if not form.cleaned_data["confirmed"]:
        # The one confirmation step: the same choice again, spelled out, with its consequence.
        return render(
            request,
            "consents/portal/confirm.html",
            {**context, **confirm_context(purpose, status, decision)},
        )
    try:
        consent_decide(
            actor=request.user,
            pupil=pupil,
            purpose=purpose,
            decision=decision,
            by_guardian=guardian_for_user(request.user, pupil),
            method=DecisionChannel.METHOD_ONLINE,
            channel=DecisionChannel.PORTAL,
        )
    except ConsentRuleError as error:
        messages.error(request, str(error.message))
        return render(request, "consents/portal/detail.html", context, status=409)
    messages.success(request, _("Your choice has been saved. It applies from now on."))
    return redirect("consents:portal_detail", pupil_id=pupil.id, purpose_id=purpose.id)
