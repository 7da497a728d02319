"""Consent per school: counts per purpose, open disputes for the location director to resolve,
and the privacy officer's counts per school (numbers only, no names).
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.access.schools import get_school_for_user, schools_for
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents.models import ConsentDispute
from schoolprivacy.consents.rules import STATUSES, ConsentRuleError
from schoolprivacy.consents.selectors import open_disputes, purposes_for_school, statuses_for_pupils
from schoolprivacy.consents.services import dispute_resolve
from schoolprivacy.consents.views.common import purpose_name
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import School


@dataclass(frozen=True)
class CountRow:
    name: str
    counts: list[int]  # in the order of rules.STATUSES


def _present_pupils(school: School) -> list[Pupil]:
    today = timezone.localdate()
    return list(
        Pupil.objects.filter(board_id=school.board_id, school=school).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=today)
        )
    )


def count_rows(school: School) -> list[CountRow]:
    """How many current pupils have each status, per purpose (a fixed number of queries)."""
    pupils = _present_pupils(school)
    purposes = purposes_for_school(school)
    statuses = statuses_for_pupils(pupils, purposes)
    rows = []
    for purpose in purposes:
        tally = Counter(statuses[(p.pk, purpose.pk)].status for p in pupils)
        rows.append(CountRow(purpose_name(purpose), [tally[s] for s in STATUSES]))
    return rows


@staff_required
def school_consents(request: StaffRequest, school_id: int) -> HttpResponse:
    school = get_school_for_user(request.user, school_id)
    sees_names = may(request.user, Duty.SEE_CONSENT_NAMES, school_id=school.pk)
    return render(
        request,
        "consents/staff/school.html",
        {
            "school": school,
            "statuses": STATUSES,
            "rows": count_rows(school),
            "disputes": list(open_disputes(school=school)) if sees_names else None,
            "may_resolve": may(request.user, Duty.RESOLVE_DISPUTE, school_id=school.pk),
            "resolutions": ConsentDispute.Resolution.choices,
        },
    )


@staff_required
@require_http_methods(["POST"])
def dispute_resolve_view(request: StaffRequest, dispute_id: int) -> HttpResponse:
    schools = schools_for(request.user)
    dispute = get_object_or_404(ConsentDispute.objects.filter(school__in=schools), pk=dispute_id)
    try:
        dispute_resolve(
            actor=request.user, dispute=dispute, resolution=request.POST.get("resolution", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ConsentRuleError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The dispute has been resolved."))
    return redirect("consents:school", school_id=dispute.school_id)


@staff_required
def board_counts(request: StaffRequest) -> HttpResponse:
    """The privacy officer's overview: counts per school, no pupil names."""
    if not may(request.user, Duty.OVERSEE):
        raise Http404
    schools = schools_for(request.user).order_by("name")
    return render(
        request,
        "consents/staff/board_counts.html",
        {"statuses": STATUSES, "schools": [(s, count_rows(s), f"counts-{s.pk}") for s in schools]},
    )
