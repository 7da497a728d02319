"""Who may reach a page at all: staff, parents, pupils. What they see there is decided by selectors.

These sit in `accounts` (below the domain apps) so that every app's views can use them without
importing the web or portal apps, which compose the domain apps and so sit above them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from schoolprivacy.accounts.models import User


class StaffRequest(HttpRequest):
    """A request from a signed-in staff member (only for type checking)."""

    user: User


class ParentRequest(HttpRequest):
    """A request from a signed-in parent (only for type checking)."""

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


def parent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The parents' sign-in page for anonymous visitors; 404 for staff and pupils.

    A 404 rather than a 403: the portal does not confirm to anyone else that a child exists.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="accounts:parent_login")
        if not isinstance(user, User) or not user.is_parent:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def pupil_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The emailed-link sign-in for anonymous visitors; 404 for anyone but a pupil's own account.

    The view gets the signed-in pupil as its second argument. Whether that pupil may do what the
    page offers (for consents: 16 or older) is the page's own rule, checked in the view.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="accounts:parent_login")
        pupil = getattr(user, "pupil", None) if isinstance(user, User) else None
        if not isinstance(user, User) or user.kind != User.Kind.PUPIL or pupil is None:
            raise Http404
        return view(request, pupil, *args, **kwargs)

    return wrapper
