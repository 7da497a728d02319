"""The privacy officer's view on the daily check of live video publications (issue 17): when it
ran, how many publications it checked and how many it had to take back. Counts and times only,
no pupils. Consent effects that did not arrive are retried on the photos' page of the same
outbox (`photos:consent_effects`), which this page links to."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.videos.sweep import recent_checks


@staff_required
def video_checks(request: StaffRequest) -> HttpResponse:
    board_id = board_of_duty(request.user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return render(request, "videos/checks.html", {"checks": recent_checks(board_id)})
