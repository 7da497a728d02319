"""Staff onboarding pages: the board's privacy officer and functional administrator add, change
and end staff accounts and roles (staffing.py). Everyone else gets a 404 on every page here.

Every page that changes something needs a recent re-authentication (sudo), asked for only after
the 404 check, so that an outsider is not even asked to re-authenticate.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access import staffing
from schoolprivacy.access.role_overview import LEFT_PUPIL_VISIBLE_YEARS, role_overviews
from schoolprivacy.access.staff_forms import (
    AssignmentEndForm,
    AssignmentForm,
    StaffChangeForm,
    StaffCreateForm,
)
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect


def _board_id(request: StaffRequest) -> int:
    board_id = staffing.managed_board_id(request.user)
    if board_id is None:
        raise Http404
    return board_id


@staff_required
def staff_list(request: StaffRequest) -> HttpResponse:
    _board_id(request)
    staff = staffing.managed_staff(request.user).order_by("surname", "first_name")
    return render(
        request,
        "access/staff/list.html",
        {"staff": staff, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_new(request: StaffRequest) -> HttpResponse:
    _board_id(request)
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = staffing.staff_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if staffing.activation_send(actor=request.user, staff=member):
                messages.success(
                    request,
                    _("The staff member was added and got an email to choose a password."),
                )
            else:
                messages.success(request, _("The staff member was added."))
            return redirect("access:staff_detail", staff_id=member.pk)
    return render(request, "access/staff/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def staff_detail(request: StaffRequest, staff_id: int) -> HttpResponse:
    board_id = _board_id(request)
    member = staffing.get_managed_staff(request.user, staff_id)
    initial = {name: getattr(member, name) for name in staffing.STAFF_FIELDS}
    change_form = StaffChangeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not has_recent_sudo(request):
            return sudo_redirect(request)
        if change_form.is_valid():
            try:
                changed = staffing.staff_update(
                    actor=request.user, staff=member, **change_form.cleaned_data
                )
            except ValidationError as error:
                change_form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The changes were saved."))
                return redirect("access:staff_detail", staff_id=member.pk)
    return render(
        request,
        "access/staff/detail.html",
        {
            "member": member,
            "change_form": change_form,
            "assignment_form": AssignmentForm(board_id=board_id),
            "end_form": AssignmentEndForm(initial={"ends_on": timezone.localdate()}),
            "today": timezone.localdate(),
            "is_self": member.user_id == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def assignment_new(request: StaffRequest, staff_id: int) -> HttpResponse:
    board_id = _board_id(request)
    member = staffing.get_managed_staff(request.user, staff_id)
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    form = AssignmentForm(request.POST or None, board_id=board_id)
    if request.method == "POST" and form.is_valid():
        try:
            staffing.assignment_add(actor=request.user, staff=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was given."))
            return redirect("access:staff_detail", staff_id=member.pk)
    return render(request, "access/staff/assignment_new.html", {"form": form, "member": member})


@require_POST
@staff_required
def assignment_end(request: StaffRequest, staff_id: int, assignment_id: int) -> HttpResponse:
    _board_id(request)
    member = staffing.get_managed_staff(request.user, staff_id)
    assignment = get_object_or_404(member.assignments.all(), pk=assignment_id)
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    form = AssignmentEndForm(request.POST)
    if form.is_valid():
        try:
            staffing.assignment_end(
                actor=request.user, assignment=assignment, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The role was ended."))
    else:
        messages.error(request, _("Choose the last day of the role."))
    return redirect("access:staff_detail", staff_id=member.pk)


@require_POST
@staff_required
def activation_resend(request: StaffRequest, staff_id: int) -> HttpResponse:
    _board_id(request)
    member = staffing.get_managed_staff(request.user, staff_id)
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    if staffing.activation_send(actor=request.user, staff=member):
        messages.success(request, _("A new activation email was sent."))
    else:
        messages.error(request, _("This staff member has no work email address."))
    return redirect("access:staff_detail", staff_id=member.pk)


@staff_required
def role_list(request: StaffRequest) -> HttpResponse:
    """What each role may see and do, read from the access policy (access/role_overview.py)."""
    _board_id(request)
    return render(
        request,
        "access/staff/roles.html",
        {"roles": role_overviews(), "left_years": LEFT_PUPIL_VISIBLE_YEARS},
    )
