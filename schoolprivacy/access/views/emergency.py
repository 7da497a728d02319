"""Emergency ("break-glass") access: staff of the pupil's school who already know the pupil open
all of that pupil's data for a few hours, with a reason; the privacy officer is told and reviews
the list (decision 0023)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.emergency_review import (
    break_glass_review,
    get_break_glass_for_review,
    review_due,
)
from schoolprivacy.access.forms import BreakGlassForm, BreakGlassReviewForm
from schoolprivacy.access.policy import BREAK_GLASS_HOURS, decide
from schoolprivacy.access.selectors import break_glass_for_officer, privacy_officer_board_id
from schoolprivacy.access.services import break_glass_open, may_open_break_glass
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.people.models import Pupil

PAGE_SIZE = 50


def _get_pupil_for_break_glass(request: StaffRequest, pupil_id: int) -> Pupil:
    """The pupil, or 404 unless the user may open emergency access to them."""
    pupil = Pupil.objects.select_related("school").filter(pk=pupil_id).first()
    if pupil is None or not may_open_break_glass(request.user, pupil):
        raise Http404
    return pupil


@staff_required
def break_glass(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = _get_pupil_for_break_glass(request, pupil_id)
    # Only someone who may already see the pupil's name sees it before opening.
    knows_pupil = decide(request.user, pupil, "pupil.identity").allowed
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = break_glass_open(
                user=request.user, pupil=pupil, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The staff pupil page (web app) now shows every category, each read logged there.
            pupil_url = reverse("web:pupil", args=[pupil.pk])
            context = {"access": access, "pupil": pupil, "pupil_url": pupil_url}
            return render(request, "access/break_glass_opened.html", context)
    return render(
        request,
        "access/break_glass_form.html",
        {"form": form, "pupil": pupil, "knows_pupil": knows_pupil, "hours": BREAK_GLASS_HOURS},
    )


@staff_required
def break_glass_list(request: StaffRequest) -> HttpResponse:
    if privacy_officer_board_id(request.user) is None:
        raise Http404
    page = Paginator(break_glass_for_officer(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "access/break_glass_list.html", {"page": page, "now": timezone.now()})


@staff_required
def break_glass_review_view(request: StaffRequest, access_id: int) -> HttpResponse:
    """The officer reads the reason and records the outcome; 404 for everyone else."""
    access = get_break_glass_for_review(request.user, access_id)
    form = BreakGlassReviewForm(request.POST or None)
    own = access.staff.user_id == request.user.pk
    if request.method == "POST" and access.reviewed_at is None and not own and form.is_valid():
        try:
            break_glass_review(
                user=request.user,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your review has been recorded."))
            return redirect("access:break_glass_list")
    return render(
        request,
        "access/break_glass_review.html",
        {"access": access, "form": form, "own": own, "due": review_due(access)},
    )
