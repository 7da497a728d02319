"""The location director's list of video publications that a consent change took back, with the
copies placed by hand that a person must remove."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.videos import selectors, services


@staff_required
def takedowns(request: StaffRequest) -> HttpResponse:
    if not may(request.user, Duty.ACT_ON_TAKEDOWNS):
        raise Http404
    items = selectors.open_takedowns(request.user)
    return render(request, "videos/takedowns.html", {"takedowns": items})


@require_POST
@staff_required
def takedown_done_view(request: StaffRequest, video_takedown_id: int) -> HttpResponse:
    takedown = get_object_or_404(selectors.open_takedowns(request.user), pk=video_takedown_id)
    services.video_takedown_done(actor=request.user, takedown=takedown)
    messages.success(request, _("Marked as removed."))
    return redirect("videos:takedowns")
