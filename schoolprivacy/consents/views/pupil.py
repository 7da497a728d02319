"""A pupil aged 16+ decides about their own consents (UAVG art. 5; domain.md, Consent).

Signed in by emailed link (accounts.parent_links allows pupil accounts from 16). Everyone else
gets a 404; the rules (`consent_decide` with by_pupil=True) check the age again.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.accounts.decorators import pupil_required
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.rules import ConsentRuleError, decides_alone
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.consents.views.common import (
    DecisionChannel,
    confirm_context,
    decision_page,
    get_purpose_for_pupil,
    purposes_for_pupil,
    rows_for_pupil,
)
from schoolprivacy.people.models import Pupil


def _deciding_alone_or_404(pupil: Pupil) -> None:
    if not decides_alone(pupil, timezone.localdate()):
        raise Http404


@pupil_required
def pupil_home(request: HttpRequest, pupil: Pupil) -> HttpResponse:
    _deciding_alone_or_404(pupil)
    rows = rows_for_pupil(pupil, purposes_for_pupil(pupil))
    return render(request, "consents/pupil/home.html", {"pupil": pupil, "rows": rows})


@pupil_required
@require_http_methods(["GET", "POST"])
def pupil_detail(request: HttpRequest, pupil: Pupil, purpose_id: int) -> HttpResponse:
    _deciding_alone_or_404(pupil)
    purpose = get_purpose_for_pupil(pupil, purpose_id)
    status, form, context = decision_page(request.POST, pupil, purpose)
    if request.method != "POST" or not form.is_valid():
        return render(request, "consents/pupil/detail.html", context)
    decision = form.cleaned_data["decision"]
    if not form.cleaned_data["confirmed"]:
        return render(
            request,
            "consents/portal/confirm.html",
            {**context, **confirm_context(purpose, status, decision), "own": True},
        )
    assert isinstance(request.user, User)
    try:
        consent_decide(
            actor=request.user,
            pupil=pupil,
            purpose=purpose,
            decision=decision,
            by_pupil=True,
            method=DecisionChannel.METHOD_ONLINE,
            channel=DecisionChannel.PORTAL,
        )
    except ConsentRuleError as error:
        messages.error(request, str(error.message))
        return render(request, "consents/pupil/detail.html", context, status=409)
    messages.success(request, _("Your choice has been saved. It applies from now on."))
    return redirect("consents:pupil_detail", purpose_id=purpose.pk)
