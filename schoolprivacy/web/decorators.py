"""Who may reach the staff pages at all. What they see there is decided by the selectors."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from schoolprivacy.accounts.models import User


class StaffRequest(HttpRequest):
    """A request from a signed-in staff member (only for type checking)."""

    user: User


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in for anonymous visitors; 404 for parents and pupils.

    A 404 rather than a 403 so that staff pages do not even confirm to a parent that a school or
    group number exists. Staff who have not finished the second factor never get here: the
    accounts middleware sends them back to it first.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not isinstance(user, User) or user.kind != User.Kind.STAFF:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
