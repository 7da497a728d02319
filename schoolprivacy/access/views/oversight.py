"""The privacy officer's read-log pages: who accessed pupil X, what did user Y access.

404 for everyone else, and for pupils or staff of another board.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from schoolprivacy.access.read_log import entries, reads_by_user, reads_of_pupil
from schoolprivacy.access.selectors import privacy_officer_board_id
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.people.models import Pupil, Staff

PAGE_SIZE = 50


def _officer_board(request: StaffRequest) -> int:
    board_id = privacy_officer_board_id(request.user)
    if board_id is None:
        raise Http404
    return board_id


@staff_required
def pupil_reads(request: StaffRequest, pupil_id: int) -> HttpResponse:
    board_id = _officer_board(request)
    pupils = Pupil.objects.select_related("school")
    pupil = get_object_or_404(pupils, pk=pupil_id, board_id=board_id)
    page = Paginator(reads_of_pupil(board_id, pupil.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/pupil_reads.html",
        {"pupil": pupil, "page": page, "rows": entries(board_id, page.object_list)},
    )


@staff_required
def user_reads(request: StaffRequest, user_id: int) -> HttpResponse:
    board_id = _officer_board(request)
    staff = get_object_or_404(Staff, user_id=user_id, board_id=board_id)
    page = Paginator(reads_by_user(board_id, user_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "access/user_reads.html",
        {"staff": staff, "page": page, "rows": entries(board_id, page.object_list)},
    )
