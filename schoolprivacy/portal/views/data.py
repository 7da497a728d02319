"""The portal's data overview: what the school holds about a child, grouped by category."""

from django.http import HttpResponse
from django.shortcuts import render

from schoolprivacy.access.parents import get_child_for_parent
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.portal.data_overview import data_overview_for


@parent_required
def data_overview(request: ParentRequest, pupil_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    return render(
        request,
        "portal/data_overview.html",
        {"pupil": pupil, "overview": data_overview_for(pupil.school)},
    )
