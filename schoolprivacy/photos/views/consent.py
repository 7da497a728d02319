"""Consent in practice: who may appear before a photo shoot, and the location director's list
of photos to take back after a withdrawal."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents.selectors import purposes_for_school, statuses_for_pupils
from schoolprivacy.photos import forms, selectors, services
from schoolprivacy.photos.forms import channel_name
from schoolprivacy.photos.views.library import photo_schools_or_404
from schoolprivacy.schools.models import Group


@dataclass(frozen=True)
class ChannelColumn:
    name: str
    purpose_id: int | None


@staff_required
def who_may_appear(request: StaffRequest) -> HttpResponse:
    schools = photo_schools_or_404(request)
    group_ids: set[int] = set()
    for school in schools:
        group_ids |= set(selectors.upload_groups(request.user, school).values_list("pk", flat=True))
    groups = (
        Group.objects.filter(pk__in=group_ids)
        .select_related("school", "school_year")
        .order_by("school__name", "name")
    )
    chosen = request.GET.get("group") or (str(groups[0].pk) if len(groups) == 1 else "")
    form = forms.GroupChoiceForm({"group": chosen} if chosen else None, groups=groups)
    context: dict[str, object] = {"form": form, "several_schools": len(schools) > 1}
    if chosen:
        if not form.is_valid():
            raise Http404
        group = form.cleaned_data["group"]
        purposes = {p.key: p for p in purposes_for_school(group.school)}
        channels = list(selectors.channels_for(group.board_id))
        columns = [
            ChannelColumn(channel_name(c), getattr(purposes.get(c.purpose_key), "pk", None))
            for c in channels
        ]
        pupils = list(pupils_in_group(request.user, group))
        statuses = statuses_for_pupils(pupils, list(purposes.values()))
        rows = [
            (p, [statuses.get((p.pk, c.purpose_id)) if c.purpose_id else None for c in columns])
            for p in pupils
        ]
        context.update({"group": group, "columns": columns, "rows": rows})
    return render(request, "photos/who_may_appear.html", context)


def _director_takedowns(request: StaffRequest):  # type: ignore[no-untyped-def]
    if not may(request.user, Duty.ACT_ON_TAKEDOWNS):
        raise Http404
    return selectors.open_takedowns(request.user)


@staff_required
def takedowns(request: StaffRequest) -> HttpResponse:
    rows = [(t, channel_name(t.publication.channel)) for t in _director_takedowns(request)]
    context = {"takedowns": rows}
    return render(request, "photos/takedowns.html", context)


@staff_required
@require_POST
def takedown_done_view(request: StaffRequest, takedown_id: int) -> HttpResponse:
    takedown = _director_takedowns(request).filter(pk=takedown_id).first()
    if takedown is None:
        raise Http404
    services.takedown_done(actor=request.user, takedown=takedown)
    messages.success(request, _("Marked as done."))
    return redirect("photos:takedowns")
