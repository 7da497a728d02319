"""Reads of rights requests, limited to the acting user (404 for anything else)."""

from django.db.models import Q, QuerySet

from schoolprivacy.access.rights import handler_board_id, may_record_for, recorder_school_ids
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.requests.errors import RequestNotFound
from schoolprivacy.requests.models import OPEN_STATUSES, Request


def queue_for(user: User) -> QuerySet[Request]:
    """The privacy officer: every request of the board. The administration: their schools'."""
    board_id = handler_board_id(user)
    base = Request.objects.select_related("pupil", "school").order_by("due_on", "id")
    if board_id is not None:
        return base.filter(board_id=board_id)
    schools = recorder_school_ids(user)
    if schools:
        return base.filter(school_id__in=schools)
    return Request.objects.none()


def open_queue_for(user: User) -> QuerySet[Request]:
    return queue_for(user).filter(status__in=OPEN_STATUSES)


def get_request_for_staff(user: User, request_id: int) -> Request:
    found = queue_for(user).filter(pk=request_id).first()
    if found is None:
        raise RequestNotFound
    return found


def requests_of_requester(user: User) -> QuerySet[Request]:
    """What a parent or pupil asked themselves."""
    return (
        Request.objects.filter(requester=user)
        .select_related("pupil", "school")
        .order_by("-received_on", "-id")
    )


def get_own_request(user: User, request_id: int) -> Request:
    found = requests_of_requester(user).filter(pk=request_id).first()
    if found is None:
        raise RequestNotFound
    return found


def pupil_for_recording(user: User, pupil_id: int, *, page: bool = False) -> Pupil:
    """A pupil about whom `user` may record an incoming request; 404 otherwise.

    With `page` (the recording page, which shows the pupil's name) only the administration of
    the pupil's school: the privacy officer has no routine access to pupils (decision 0005) and
    must not learn names by trying ids. The API's answer names no pupil, so there the privacy
    officer may record too."""
    board_id = None if page else handler_board_id(user)
    schools = recorder_school_ids(user)
    condition = Q(school_id__in=schools)
    if board_id is not None:
        condition |= Q(board_id=board_id)
    pupil = Pupil.objects.filter(condition, pk=pupil_id).select_related("school").first()
    if pupil is None or not may_record_for(user, pupil):
        raise RequestNotFound
    return pupil
