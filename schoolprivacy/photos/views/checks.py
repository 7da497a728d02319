"""The privacy officer's view on whether consent reaches published photos (issue 10).

Two numbers that should stay at zero: consent effects the outbox could not carry out (retried
with back-off, then given up until someone retries them here), and publications the daily check
found out of line with consent (drift, fixed when found). No pupil names: kinds, times, counts.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents.models import ConsentEvent
from schoolprivacy.consents.outbox import events_retry, queue_state
from schoolprivacy.photos.models import PublicationCheck


@staff_required
@require_http_methods(["GET", "POST"])
def consent_effects(request: StaffRequest) -> HttpResponse:
    board_id = board_of_duty(request.user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    if request.method == "POST":
        count = events_retry(board_id=board_id, actor_id=request.user.pk)
        messages.success(request, _("Events put back in the queue: %(count)d.") % {"count": count})
        return redirect("photos:consent_effects")
    given_up = ConsentEvent.objects.filter(
        board_id=board_id, handled_at__isnull=True, failed_at__isnull=False
    ).order_by("-failed_at")[:50]
    checks = PublicationCheck.objects.filter(board_id=board_id)[:10]
    return render(
        request,
        "photos/consent_effects.html",
        {"queue": queue_state(board_id), "given_up": given_up, "checks": checks},
    )
