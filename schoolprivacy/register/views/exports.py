"""CSV and JSON downloads of the whole register, for the privacy officer."""

from django.http import HttpResponse, JsonResponse

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.register.exports import register_csv, register_json
from schoolprivacy.register.selectors import activities_for_officer, register_board_for


@staff_required
def export_csv(request: StaffRequest) -> HttpResponse:
    board = register_board_for(request.user)
    activities = list(activities_for_officer(board).order_by("name", "pk"))
    response = HttpResponse(register_csv(activities), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{board.board_number}.csv"'
    return response


@staff_required
def export_json(request: StaffRequest) -> HttpResponse:
    board = register_board_for(request.user)
    activities = list(activities_for_officer(board).order_by("name", "pk"))
    response = JsonResponse(register_json(board, activities), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="register-{board.board_number}.json"'
    return response
