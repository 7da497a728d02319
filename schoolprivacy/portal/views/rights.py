"""Rights in the portal: the child's actual records, requests with days left, the package.

Parents with authority (and a pupil of 16+ for their own data) see the records, per category,
with why and how the school processes them (issue 14 item 1). Who may ask what is decided in
access.rights; who may see the child online in access.parents. Everyone else gets 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access.parents import get_child_for_parent
from schoolprivacy.access.rights import requestable_pupils, requester_right
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.accounts.models import User
from schoolprivacy.privacy_registry import correctable
from schoolprivacy.requests.clock import days_left
from schoolprivacy.requests.corrections import correction_propose
from schoolprivacy.requests.links import package_link_create, package_ready
from schoolprivacy.requests.models import Kind
from schoolprivacy.requests.package import build_for_pupil
from schoolprivacy.requests.selectors import get_own_request, requests_of_requester
from schoolprivacy.requests.services import request_submit


def requester_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in parent or pupil; 404 for staff, sign-in for anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="accounts:parent_login")
        if not isinstance(user, User) or not (user.is_parent or user.kind == User.Kind.PUPIL):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _language() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


@parent_required
def child_records(request: ParentRequest, pupil_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    return _records(request, pupil.pk, request.user)


@requester_required
def own_records(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    pupil = getattr(request.user, "pupil", None)
    if pupil is None or requester_right(request.user, pupil) is None:
        raise Http404  # a pupil under 16: their parents see and ask
    return _records(request, pupil.pk, request.user)


def _records(request: HttpRequest, pupil_id: int, user: User) -> HttpResponse:
    from schoolprivacy.people.models import Pupil

    pupil = Pupil.objects.select_related("school").get(pk=pupil_id)
    package = build_for_pupil(pupil, _language())
    right = requester_right(user, pupil)
    may_correct = right is not None and "rectification" in right.kinds
    for section in package.sections:
        for row in section.readable:
            row["correctable"] = may_correct and correctable(row["source"])
    return render(
        request,
        "portal/records.html",
        {"pupil": pupil, "package": package, "own": pupil.user_id == user.pk},
    )


@requester_required
@require_http_methods(["GET", "POST"])
def propose_correction(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Propose a correction of one item; it joins (or starts) a correction request. A GET (a
    reloaded form) goes back to the records, for a parent who may see the child."""
    assert isinstance(request.user, User)
    if request.method == "GET":
        get_child_for_parent(request.user, pupil_id)
        return redirect("portal:child_records", pupil_id)
    from schoolprivacy.people.models import Pupil

    pupil = Pupil.objects.filter(pk=pupil_id).first()
    if pupil is None:
        raise Http404
    try:
        correction_propose(
            actor=request.user,
            pupil=pupil,
            source=request.POST.get("source", ""),
            item_id=int(request.POST.get("item", "0") or 0),
            field_name=request.POST.get("field", ""),
            proposed=request.POST.get("proposed", ""),
            explanation=request.POST.get("explanation", ""),
        )
        messages.success(request, _("Your proposed correction has been sent to the school."))
        return redirect("portal:rights")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    except ValueError:
        raise Http404 from None
    if pupil.user_id == request.user.pk:
        return redirect("portal:own_records")
    return redirect("portal:child_records", pupil.pk)


@requester_required
@require_http_methods(["GET", "POST"])
def rights(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    user = request.user
    choices = requestable_pupils(user)
    errors: list[str] = []
    if request.method == "POST":
        chosen = {str(p.pk): p for p, _right in choices}.get(request.POST.get("pupil", ""))
        if chosen is None:
            raise Http404
        try:
            request_submit(
                actor=user,
                pupil=chosen,
                kind=request.POST.get("kind", ""),
                description=request.POST.get("description", ""),
                language=_language(),
            )
            messages.success(request, _("Your request has been received."))
            return redirect("portal:rights")
        except ValidationError as exc:
            errors = exc.messages
    today = timezone.localdate()
    rows = [(r, days_left(r.due_on, today), package_ready(r)) for r in requests_of_requester(user)]
    return render(
        request,
        "portal/rights.html",
        {
            "choices": choices,
            "kinds": Kind.choices,
            "rows": rows,
            "errors": errors,
        },
    )


@requester_required
@require_POST
def request_download(request: HttpRequest, request_id: int) -> HttpResponse:
    """A fresh single-use link for the requester's own package, followed at once."""
    assert isinstance(request.user, User)
    found = get_own_request(request.user, request_id)
    if not package_ready(found):
        raise Http404
    signed = package_link_create(request=found, actor=request.user)
    return redirect("requests:download", signed)
