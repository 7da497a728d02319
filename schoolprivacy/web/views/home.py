from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.access.schools import (
    get_group_for_user,
    get_school_for_user,
    groups_for,
    schools_for,
)
from schoolprivacy.access.selectors import current_assignments
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.models import User
from schoolprivacy.schools.models import Group
from schoolprivacy.web.views.workspace import workspace


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; 503 otherwise. For load balancers; reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _this_school_year(groups: QuerySet[Group]) -> QuerySet[Group]:
    # Last year's groups stay in the database for the record, but nobody works with them daily.
    today = timezone.localdate()
    return groups.filter(school_year__starts_on__lte=today, school_year__ends_on__gte=today)


def home(request: HttpRequest) -> HttpResponse:
    """One address for everyone: staff get their overview, parents their portal."""
    user = request.user
    if not isinstance(user, User):
        return redirect(settings.LOGIN_URL)
    if user.is_parent:
        return redirect("portal:home")
    if user.kind != User.Kind.STAFF:
        # Pupils aged 16+ get their own pages later; until then there is nothing here for them.
        raise Http404
    if board_of_duty(user, Duty.OVERSEE) is not None:
        # The privacy officer starts the day on the workspace (issue 17).
        return workspace(request, user)
    staff = getattr(user, "staff", None)
    return render(
        request,
        "web/home.html",
        {
            "staff": staff,
            "assignments": current_assignments(user),
            "schools": schools_for(user),
            "groups": _this_school_year(groups_for(user)).order_by(
                "school__name", "year_level", "name"
            ),
        },
    )


@staff_required
def school(request: StaffRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    groups = _this_school_year(groups_for(request.user).filter(school=school))
    return render(
        request,
        "web/school.html",
        {
            "school": school,
            "locations": school.locations.select_related("director"),
            "groups": groups.order_by("year_level", "name"),
        },
    )


@staff_required
def group(request: StaffRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    return render(
        request,
        "web/group.html",
        {"group": group, "pupils": pupils_in_group(request.user, group)},
    )
