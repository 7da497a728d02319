"""The privacy officer's queue and request page; the administration follows and records.

Who sees what is decided in access.rights (through requests.selectors): 404 for everyone else.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access.retention_rights import erasure_board_id
from schoolprivacy.access.rights import handler_board_id
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.requests import services
from schoolprivacy.requests.clock import days_left, extension_deadline
from schoolprivacy.requests.corrections import correction_accept, correction_refuse, find_item
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.links import package_link_create, package_ready
from schoolprivacy.requests.models import Channel, Kind, Request, Standing
from schoolprivacy.requests.notices import notice_told_by_hand
from schoolprivacy.requests.selectors import (
    get_request_for_staff,
    pupil_for_recording,
    queue_for,
)


def erasure_url(request: Request) -> str:
    """The erasure engine's page (retention app), when it is installed in this build."""
    try:
        return reverse("retention:erasure", args=[request.pupil_id]) + f"?request={request.pk}"
    except NoReverseMatch:
        return ""


@staff_required
def queue(request: StaffRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for r in queue_for(request.user)[:500]:
        left = days_left(r.due_on, today)
        rows.append((r, left, -left))
    return render(
        request,
        "requests/staff/queue.html",
        {"rows": rows, "handles": handler_board_id(request.user) is not None},
    )


@staff_required
def detail(request: StaffRequest, request_id: int) -> HttpResponse:
    found = get_request_for_staff(request.user, request_id)
    today = timezone.localdate()
    handles = handler_board_id(request.user) == found.board_id
    return render(
        request,
        "requests/staff/detail.html",
        {
            "r": found,
            "days_left": days_left(found.due_on, today),
            "handles": handles,
            "may_extend": handles
            and not found.extension_months
            and today <= extension_deadline(found.received_on),
            "checks": found.checks.all(),
            "corrections": _corrections(found) if handles else [],
            "package_ready": package_ready(found),
            "latest_link": found.links.order_by("-created_at", "-id").first() if handles else None,
            "notices": found.notices.all() if handles else [],
            # Only for those who may carry out an erasure (the privacy officer): the
            # administration follows the request but the erasure page is not theirs.
            "erasure_url": erasure_url(found)
            if found.kind == Kind.ERASURE and erasure_board_id(request.user) == found.board_id
            else "",
        },
    )


def _corrections(found: Request) -> list[tuple[Any, Any]]:
    """Each proposed correction with the item's current value (what the requester disputes)."""
    out = []
    for correction in found.corrections.all():
        item = find_item(found.pupil, correction.source, correction.item_id)
        current = item[1].get(correction.field_name, "") if item else None
        out.append((correction, current))
    return out


_STEPS: dict[str, tuple[Any, str]] = {
    "verify": (services.request_verify, "identity_check"),
    "start": (services.request_start, ""),
    "answer": (services.request_answer, "answer"),
    "refuse": (services.request_refuse, "reason"),
    "close": (services.request_close, ""),
}


@staff_required
@require_POST
def step(request: StaffRequest, request_id: int, name: str) -> HttpResponse:
    get_request_for_staff(request.user, request_id)  # 404 before anything else
    try:
        if name == "extend":
            services.request_extend(
                actor=request.user,
                request_id=request_id,
                months=int(request.POST.get("months", "0") or 0),
                reason=request.POST.get("reason", ""),
            )
        elif name == "check":
            # An unknown check (a typo, another board's) is an error message, not a 404: the
            # request itself was already found for this user.
            services.check_tick(
                actor=request.user,
                check_id=int(request.POST.get("check", "0") or 0),
                finding=request.POST.get("finding", ""),
            )
        elif name == "accept":
            correction_accept(
                actor=request.user,
                correction_id=int(request.POST.get("correction", "0") or 0),
                value=request.POST.get("value", ""),
            )
        elif name == "refuse_correction":
            correction_refuse(
                actor=request.user,
                correction_id=int(request.POST.get("correction", "0") or 0),
                reason=request.POST.get("reason", ""),
            )
        elif name == "told":
            notice_told_by_hand(
                actor=request.user,
                request_id=request_id,
                notice_id=int(request.POST.get("notice", "0") or 0),
            )
        elif name in _STEPS:
            call, field = _STEPS[name]
            kwargs = {field: request.POST.get(field, "")} if field else {}
            call(actor=request.user, request_id=request_id, **kwargs)
        else:
            return redirect("requests:staff_detail", request_id)
        messages.success(request, _("Saved."))
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except RequestNotFound:
        messages.error(request, _("This item is not part of the request."))
    except (ValidationError, ValueError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    return redirect("requests:staff_detail", request_id)


@staff_required
@require_POST
def package_link(request: StaffRequest, request_id: int) -> HttpResponse:
    """A single-use link the officer can send to a requester who wrote a letter."""
    found = get_request_for_staff(request.user, request_id)
    if handler_board_id(request.user) != found.board_id:
        return redirect("requests:staff_detail", request_id)
    try:
        signed = package_link_create(request=found, actor=request.user)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
        return redirect("requests:staff_detail", request_id)
    url = request.build_absolute_uri(reverse("requests:download", args=[signed]))
    messages.success(request, _("Single-use download link (valid 7 days): %(url)s") % {"url": url})
    return redirect("requests:staff_detail", request_id)


@staff_required
@require_http_methods(["GET", "POST"])
def record(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = pupil_for_recording(request.user, pupil_id, page=True)
    errors: list[str] = []
    if request.method == "POST":
        try:
            received = date.fromisoformat(request.POST.get("received_on", ""))
            created = services.request_record(
                actor=request.user,
                pupil=pupil,
                kind=request.POST.get("kind", ""),
                received_on=received,
                channel=request.POST.get("channel", ""),
                standing=request.POST.get("standing", ""),
                requester_name=request.POST.get("requester_name", ""),
                identity_check=request.POST.get("identity_check", ""),
                description=request.POST.get("description", ""),
            )
            messages.success(request, _("The request is recorded."))
            return redirect("requests:staff_detail", created.pk)
        except ValidationError as exc:
            errors = exc.messages
        except ValueError:
            errors = [_("Enter the date of receipt.")]
    return render(
        request,
        "requests/staff/record.html",
        {
            "pupil": pupil,
            "errors": errors,
            "kinds": Kind.choices,
            "channels": [c for c in Channel.choices if c[0] != Channel.PORTAL],
            "standings": [s for s in Standing.choices if s[0] != Standing.STAFF_CHECKED],
            "today": timezone.localdate(),
        },
    )
