"""Staff change or delete a pupil record themselves (issue 14 follow-up).

Only within `access.policy.may_write` for the record's kind; everyone else gets 404, like those who
may not see the pupil. The services keep the previous version (RecordVersion) and audit the write.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import may_write
from schoolprivacy.access.pupil_search import get_pupil_for_user
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import record_delete, record_update
from schoolprivacy.web.pupil_forms import RecordForm


class RecordTextForm(forms.Form):
    title = RecordForm.base_fields["title"]
    body = RecordForm.base_fields["body"]


def _writable_record(request: StaffRequest, pupil_id: int, record_id: int) -> Record:
    pupil = get_pupil_for_user(request.user, pupil_id)
    record = Record.objects.filter(pk=record_id, pupil=pupil).select_related("pupil").first()
    if record is None or not may_write(request.user, pupil, record.category_key).allowed:
        raise Http404
    return record


@staff_required
def record_edit(request: StaffRequest, pupil_id: int, record_id: int) -> HttpResponse:
    record = _writable_record(request, pupil_id, record_id)
    initial = {"title": record.title, "body": record.body}
    form = RecordTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_update(
                actor=request.user,
                record=record,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The record has been changed; the previous version is kept.")
            )
            return redirect("web:pupil", pupil_id=record.pupil_id)
    return render(
        request,
        "web/pupils/record_edit.html",
        {"pupil": record.pupil, "record": record, "form": form},
    )


@staff_required
def record_remove(request: StaffRequest, pupil_id: int, record_id: int) -> HttpResponse:
    record = _writable_record(request, pupil_id, record_id)
    if request.method == "POST":
        record_delete(actor=request.user, record=record)
        messages.success(request, _("The record has been deleted; the previous version is kept."))
        return redirect("web:pupil", pupil_id=record.pupil_id)
    return render(
        request, "web/pupils/record_delete.html", {"pupil": record.pupil, "record": record}
    )
