"""Roster exports: the administration of a school makes them under an agreement that names the
school (after re-authenticating: the file holds pupil data); keepers and the administration see
the log."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import supplier_reader_board
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.forms import ExportForm
from schoolprivacy.suppliers.selectors import export_schools, exports_for, get_agreement_for


@staff_required
def export_list(request: StaffRequest) -> HttpResponse:
    if supplier_reader_board(request.user) is None:
        raise Http404
    return render(request, "suppliers/exports.html", {"exports": exports_for(request.user)[:200]})


@staff_required
def export_new(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, agreement_id)
    schools = export_schools(request.user, agreement)
    if not schools.exists():
        raise Http404
    # sudo_required's check, made after the 404 so outsiders are not even asked to
    # re-authenticate (which would confirm the page means something to them).
    if not has_recent_sudo(request):
        return sudo_redirect(request)
    form = ExportForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            made = export_make(
                agreement=agreement,
                school=form.cleaned_data["school"],
                actor=request.user,
                fmt=form.cleaned_data["format"],
            )
        except ExportRefused as refused:
            messages.error(request, str(refused))
        else:
            response = FileResponse(
                made.file,
                as_attachment=True,
                filename=made.filename,
                content_type=made.content_type,
            )
            response["X-Checksum-SHA256"] = made.export.checksum
            return response  # type: ignore[return-value]  # a streamed file is still a response
    return render(
        request,
        "suppliers/export_form.html",
        {"agreement": agreement, "form": form, "title": _("Make an export")},
    )
