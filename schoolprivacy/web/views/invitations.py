"""Invitations to the portal, per school or group (issue 13.2). Only the administration of the
school gets here (as for imports); anyone else gets a 404 on every page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.imports.forms import importable_schools
from schoolprivacy.people.invitations import (
    invitation_preview,
    invitation_resend,
    invitation_revoke,
    invitations_send,
    live_invitations,
)
from schoolprivacy.people.models import Invitation
from schoolprivacy.schools.models import Group, School


def _get_school_for_user(request: StaffRequest, slug: str) -> School:
    school = importable_schools(request.user).filter(slug=slug).first()
    if school is None:
        raise Http404
    return school


def _groups(school: School) -> list[Group]:
    today = timezone.localdate()
    return list(
        Group.objects.filter(
            school=school, school_year__starts_on__lte=today, school_year__ends_on__gte=today
        ).order_by("year_level", "name")
    )


def _get_group(school: School, raw: str | None) -> Group | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(Group, school=school, board_id=school.board_id, pk=int(raw))


def _get_invitation_for_user(request: StaffRequest, slug: str, invitation_id: int) -> Invitation:
    school = _get_school_for_user(request, slug)
    return get_object_or_404(
        Invitation.objects.select_related("school", "user"),
        board_id=school.board_id,
        school=school,
        pk=invitation_id,
        revoked_at__isnull=True,
    )


@staff_required
def index(request: StaffRequest) -> HttpResponse:
    schools = importable_schools(request.user)
    if not schools:
        raise Http404
    return render(request, "web/invitations/index.html", {"schools": schools})


@staff_required
@require_http_methods(["GET", "POST"])
def school(request: StaffRequest, slug: str) -> HttpResponse:
    school = _get_school_for_user(request, slug)
    group = _get_group(school, request.POST.get("group") or request.GET.get("group"))
    if request.method == "POST":
        result = invitations_send(school=school, group=group, actor=request.user, channel="web")
        messages.success(
            request,
            _("%(sent)d invitations sent; %(already)d already had an open invitation.")
            % {"sent": result.sent, "already": result.already},
        )
        url = reverse("invitations:school", args=[school.slug])
        return redirect(f"{url}?group={group.pk}" if group else url)
    return render(
        request,
        "web/invitations/school.html",
        {
            "school": school,
            "groups": _groups(school),
            "group": group,
            "preview": invitation_preview(school=school, group=group),
            "invitations": live_invitations(school)[:200],
            "now": timezone.now(),
        },
    )


@staff_required
@require_POST
def resend(request: StaffRequest, slug: str, invitation_id: int) -> HttpResponse:
    invitation = _get_invitation_for_user(request, slug, invitation_id)
    invitation_resend(invitation=invitation, actor=request.user)
    messages.success(
        request, _("A new invitation is on its way; the earlier link no longer works.")
    )
    return redirect("invitations:school", slug)


@staff_required
@require_POST
def revoke(request: StaffRequest, slug: str, invitation_id: int) -> HttpResponse:
    invitation = _get_invitation_for_user(request, slug, invitation_id)
    invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect("invitations:school", slug)
