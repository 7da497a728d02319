"""The privacy officer keeps the board's policies: documents, versions, the (G)MR decision,
publication, and the data protection officer's contact details. 404 for everyone else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.policies.forms import ContactsForm, DecisionForm, DocumentForm, VersionForm
from schoolprivacy.policies.selectors import (
    contacts_for,
    current_version,
    documents_for_officer,
    get_document_for_officer,
    get_version_for_officer,
    officer_board_id,
)
from schoolprivacy.policies.services import (
    council_decision_record,
    policy_version_create,
    policy_version_publish,
    privacy_contacts_save,
)


@staff_required
def policy_list(request: StaffRequest) -> HttpResponse:
    board_id = officer_board_id(request.user)
    documents = [(d, current_version(d)) for d in documents_for_officer(request.user)]
    return render(
        request,
        "policies/list.html",
        {"documents": documents, "contacts": contacts_for(board_id)},
    )


@staff_required
def document_new(request: StaffRequest) -> HttpResponse:
    officer_board_id(request.user)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = policy_version_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("policies:version", version_id=version.pk)
    return render(request, "policies/document_form.html", {"form": form})


@staff_required
def document_detail(request: StaffRequest, document_id: int) -> HttpResponse:
    document = get_document_for_officer(request.user, document_id)
    latest = document.versions.order_by("-number").first()
    form = VersionForm(request.POST or None, initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = policy_version_create(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("policies:version", version_id=version.pk)
    return render(
        request,
        "policies/document.html",
        {
            "document": document,
            "versions": document.versions.order_by("-number"),
            "current": current_version(document),
            "form": form,
        },
    )


@staff_required
def version_detail(request: StaffRequest, version_id: int) -> HttpResponse:
    version = get_version_for_officer(request.user, version_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and not version.council_decision and form.is_valid():
        try:
            council_decision_record(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The council's decision has been recorded."))
            return redirect("policies:version", version_id=version.pk)
    return render(request, "policies/version.html", {"version": version, "form": form})


@staff_required
@require_POST
def version_publish(request: StaffRequest, version_id: int) -> HttpResponse:
    version = get_version_for_officer(request.user, version_id)
    try:
        policy_version_publish(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published. Parents are told by email."))
    return redirect("policies:version", version_id=version.pk)


@staff_required
def contacts_edit(request: StaffRequest) -> HttpResponse:
    board_id = officer_board_id(request.user)
    contacts = contacts_for(board_id)
    initial = (
        {
            "dpo_name": contacts.dpo_name,
            "dpo_email": contacts.dpo_email,
            "dpo_phone": contacts.dpo_phone,
            "website": contacts.website,
        }
        if contacts
        else {}
    )
    form = ContactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        privacy_contacts_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. The privacy statements show it now."))
        return redirect("policies:list")
    return render(request, "policies/contacts_form.html", {"form": form})
