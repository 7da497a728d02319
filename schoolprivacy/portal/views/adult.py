"""A pupil of 18 or older decides whether their parents still see their data online
(domain.md, Parents; `access.parents`). Anyone else, and a pupil under 18, gets a 404."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.parents import is_adult, parents_see_adult_set
from schoolprivacy.accounts.decorators import pupil_required
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil


@pupil_required
@require_http_methods(["GET", "POST"])
def parents_access(request: HttpRequest, pupil: Pupil) -> HttpResponse:
    if not is_adult(pupil):
        raise Http404
    if request.method == "POST":
        assert isinstance(request.user, User)
        allowed = request.POST.get("allowed") == "yes"
        parents_see_adult_set(actor=request.user, pupil=pupil, allowed=allowed)
        if allowed:
            messages.success(request, _("Your parents can see your data online again."))
        else:
            messages.success(request, _("Your parents no longer see your data online."))
        return redirect("portal:parents_access")
    return render(request, "portal/parents_access.html", {"pupil": pupil})
