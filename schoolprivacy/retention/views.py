"""The privacy officer's retention pages: erasure of a pupil on request, and the purge preview.

Who may see them is decided in `access.retention_rights` (decision 0023); everyone else gets a 404.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schoolprivacy.access.retention_rights import (
    get_pupil_for_erasure,
    get_pupil_for_holds,
    get_school_for_retention,
    preview_counts_for_purge,
    retention_board_id,
)
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.erasure import ErasureRefused, erasure_confirm, erasure_dry_run
from schoolprivacy.retention.first_run import (
    board_wide_waiting,
    first_run_schools,
    preview_store,
)
from schoolprivacy.retention.labels import REFUSALS, category_label, reason_label
from schoolprivacy.retention.models import LegalHold, PurgeRun, SubjectErasure
from schoolprivacy.retention.preview import count as purge_count
from schoolprivacy.retention.services import legal_hold_place, legal_hold_release
from schoolprivacy.schools.models import Board, School


def _request_id(request: StaffRequest) -> int | None:
    raw = request.GET.get("request") or request.POST.get("request") or ""
    return int(raw) if raw.isdigit() else None


def _lines(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **line,
            "label": category_label(line["category"]),
            "reason_text": reason_label(line["reason"]) if line["reason"] else "",
        }
        for line in plan
    ]


@staff_required
def erasure(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_erasure(request.user, pupil_id)
    request_id = _request_id(request)
    here = reverse("retention:erasure", args=[pupil.pk])
    if request_id is not None:
        here += f"?request={request_id}"
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "plan":
            planned = erasure_dry_run(
                actor=request.user, subject=DataSubject.of(pupil), request_id=request_id
            )
            messages.info(request, _("Dry run made. Check it, then confirm the erasure."))
            return redirect(f"{here}{'&' if '?' in here else '?'}erasure={planned.pk}")
        if action == "confirm":
            if not has_recent_sudo(request):
                return sudo_redirect(request)
            raw = request.POST.get("erasure", "")
            try:
                done = erasure_confirm(
                    actor=request.user,
                    erasure_id=int(raw) if raw.isdigit() else 0,
                    board_id=pupil.board_id,
                )
            except ErasureRefused:
                messages.error(request, _("This dry run was already carried out or refused."))
                return redirect(here)
            if done.status == SubjectErasure.Status.DONE:
                messages.success(request, _("The erasure was carried out."))
            else:
                messages.error(request, str(REFUSALS.get(done.refusal, done.refusal)))
            return redirect(f"{here}{'&' if '?' in here else '?'}erasure={done.pk}")
        raise Http404
    erasures = SubjectErasure.objects.filter(
        board_id=pupil.board_id, subject_kind="pupil", subject_id=pupil.pk
    ).order_by("-planned_at", "-pk")
    raw = request.GET.get("erasure", "")
    current = erasures.filter(pk=int(raw)).first() if raw.isdigit() else erasures.first()
    holds = LegalHold.objects.filter(pupil=pupil, released_at__isnull=True)
    context = {
        "pupil": pupil,
        "request_id": request_id,
        "current": current,
        "plan": _lines(current.plan) if current else [],
        "result": _lines(current.result) if current else [],
        "refusal": str(REFUSALS.get(current.refusal, "")) if current and current.refusal else "",
        "holds": holds,
        "history": erasures[:10],
    }
    return render(request, "retention/erasure.html", context)


@staff_required
def preview(request: StaffRequest) -> HttpResponse:
    board_id = retention_board_id(request.user)
    if board_id is None:
        raise Http404
    board = Board.objects.get(pk=board_id)
    raw = request.GET.get("school", "")
    school: School | None = None
    if raw:
        if not raw.isdigit():
            raise Http404
        school = get_school_for_retention(request.user, int(raw))
    counted = purge_count(board, school_id=school.pk if school else None)
    found = counted.preview(school.pk if school else None)
    # What the officer saw is kept: the first real run for the school relies on it; the whole
    # board's preview shows the board-wide data, whose first run relies on that.
    part = counted.part(school.pk if school else None)
    kept = preview_counts_for_purge(request.user)
    if kept:
        preview_store(board, school, part, actor_id=request.user.pk)
    rows = [
        {"rule": rule, "rule_name": name, "category": category_label(key), "count": count}
        for (rule, name, key), count in found.counts.items()
    ]
    last_run = PurgeRun.objects.filter(board_id=board_id).order_by("-started_at", "-pk").first()
    context = {
        "board": board,
        "school": school,
        "schools": School.objects.filter(board_id=board_id).order_by("name"),
        "found": found,
        "board_wide": part,
        "kept": kept,
        "rows": rows,
        "last_run": last_run,
        "waiting": first_run_schools(board_id),
        "board_wide_waiting": board_wide_waiting(board_id),
        "percent": (
            round(100 * last_run.subjects_done / last_run.subjects_total)
            if last_run and last_run.subjects_total
            else 100
        ),
    }
    return render(request, "retention/preview.html", context)


@staff_required
def holds(request: StaffRequest, pupil_id: int) -> HttpResponse:
    """Place and release legal holds on one pupil (privacy officer only, audited)."""
    pupil = get_pupil_for_holds(request.user, pupil_id)
    here = reverse("retention:holds", args=[pupil.pk])
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "place":
            reason = request.POST.get("reason", "")
            case = request.POST.get("case", "").strip()[:40]
            if reason in LegalHold.Reason.values:
                legal_hold_place(actor=request.user, pupil=pupil, reason=reason, case=case)
                messages.success(request, _("Legal hold placed."))
                return redirect(here)
            error = _("Choose a reason.")
        elif action == "release":
            raw = request.POST.get("hold", "")
            hold = (
                LegalHold.objects.filter(pk=int(raw), pupil=pupil, board_id=pupil.board_id).first()
                if raw.isdigit()
                else None
            )
            if hold is None:
                raise Http404
            legal_hold_release(actor=request.user, hold=hold)
            messages.success(request, _("Legal hold released."))
            return redirect(here)
    found = LegalHold.objects.filter(pupil=pupil, board_id=pupil.board_id).order_by("-placed_at")
    return render(
        request,
        "retention/holds.html",
        {
            "pupil": pupil,
            "open_holds": [h for h in found if h.released_at is None],
            "released_holds": [h for h in found if h.released_at is not None],
            "reasons": LegalHold.Reason.choices,
            "error": error,
        },
        status=422 if error else 200,
    )
