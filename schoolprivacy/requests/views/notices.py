"""GDPR art. 19 notices that belong to no request (the nightly purge, decision 0057) and that
the privacy officer tells by hand: the list, and recording that a recipient was told. Who may
see it is `access.rights.handler_board_id`; everyone else gets a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schoolprivacy import taxonomy
from schoolprivacy.access.rights import handler_board_id
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import RecipientNotice
from schoolprivacy.requests.notices import notice_told_by_hand


@staff_required
def by_hand(request: StaffRequest) -> HttpResponse:
    board_id = handler_board_id(request.user)
    if board_id is None:
        raise Http404
    if request.method == "POST":
        raw = request.POST.get("notice", "")
        try:
            notice_told_by_hand(
                actor=request.user, request_id=None, notice_id=int(raw) if raw.isdigit() else 0
            )
        except RequestNotFound:
            raise Http404 from None
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Recorded as told."))
        return redirect(reverse("requests:notices_by_hand"))
    waiting = RecipientNotice.objects.filter(
        board_id=board_id, request__isnull=True, state=RecipientNotice.State.BY_HAND
    ).order_by("created_at", "id")
    rows = [
        (
            notice,
            ", ".join(
                str(taxonomy.BY_KEY[k].label) if k in taxonomy.BY_KEY else k
                for k in notice.categories
            ),
        )
        for notice in waiting[:500]
    ]
    return render(request, "requests/staff/notices_by_hand.html", {"rows": rows})
