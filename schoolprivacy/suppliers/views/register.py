"""The processor register's pages: the privacy officer and the functional administrator keep it;
the administration of a school reads the agreements that name their school. Anyone else: 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schoolprivacy.access.policy import (
    field_approval_board,
    supplier_reader_board,
    supplier_register_board,
)
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers import datasets, documents, services
from schoolprivacy.suppliers.contacts import privacy_contact, supplier_update_privacy_contact
from schoolprivacy.suppliers.forms import (
    AgreementForm,
    ApprovalForm,
    DataSetForm,
    DocumentForm,
    EndConfirmForm,
    EndRequestForm,
    FactsForm,
    FlowForm,
    PrivacyContactForm,
    SignForm,
    SupplierForm,
)
from schoolprivacy.suppliers.models import Agreement, Supplier
from schoolprivacy.suppliers.selectors import (
    agreements_for,
    export_schools,
    exports_for,
    get_agreement_for,
    get_agreement_for_keeper,
    get_supplier_for_keeper,
    suppliers_for,
)


def _keeper_board(request: StaffRequest) -> Board:
    board_id = supplier_register_board(request.user)
    if board_id is None:
        raise Http404
    return Board.objects.get(pk=board_id)


@staff_required
def index(request: StaffRequest) -> HttpResponse:
    if supplier_reader_board(request.user) is None:
        raise Http404
    today = timezone.localdate()
    agreements = [(a, a.status_on(today)) for a in agreements_for(request.user)]
    return render(
        request,
        "suppliers/index.html",
        {
            "agreements": agreements,
            "suppliers": [
                (supplier, privacy_contact(supplier))
                for supplier in suppliers_for(request.user)
                .select_related("processor")
                .prefetch_related("products", "agreements")
            ],
            "keeper": supplier_register_board(request.user) is not None,
        },
    )


@staff_required
def supplier_new(request: StaffRequest) -> HttpResponse:
    board = _keeper_board(request)
    form = SupplierForm(
        request.POST or None,
        processors=suppliers_for(request.user).filter(role=Supplier.Role.PROCESSOR),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_create(board=board, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The supplier is registered."))
            return redirect("suppliers:index")
    return render(request, "suppliers/form.html", {"form": form, "title": _("New supplier")})


@staff_required
def supplier_detail(request: StaffRequest, supplier_id: int) -> HttpResponse:
    """The supplier, its agreements and its privacy contact, which the keepers change here. An
    address that is not one is refused with the form as it was typed."""
    supplier = get_supplier_for_keeper(request.user, supplier_id)
    form = PrivacyContactForm(
        request.POST or None,
        initial={
            "privacy_contact_name": supplier.privacy_contact_name,
            "privacy_contact_email": supplier.privacy_contact_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            supplier_update_privacy_contact(
                supplier=supplier,
                actor=request.user,
                name=form.cleaned_data["privacy_contact_name"],
                email=form.cleaned_data["privacy_contact_email"],
            )
        except ValidationError as error:
            form.add_error("privacy_contact_email", error)
        else:
            messages.success(request, _("The privacy contact is saved."))
            return redirect("suppliers:supplier", supplier.pk)
    return render(
        request,
        "suppliers/supplier.html",
        {
            "supplier": supplier,
            "contact": privacy_contact(supplier),
            "agreements": supplier.agreements.select_related("product"),
            "form": form,
        },
    )


@staff_required
def agreement_new(request: StaffRequest) -> HttpResponse:
    board = _keeper_board(request)
    form = AgreementForm(
        request.POST or None,
        suppliers=suppliers_for(request.user),
        schools=School.objects.filter(board=board),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        approver = request.user if field_approval_board(request.user) == board.pk else None
        try:
            agreement = services.agreement_create(
                board=board,
                actor=request.user,
                supplier=data["supplier"],
                product_name=data["product"],
                schools=list(data["schools"]),
                fields=list(data["data_set"]),
                signed_on=data["signed_on"],
                ends_on=data["ends_on"],
                approver=approver,
                consent_purpose=data["consent_purpose"],
            )
        except datasets.DataSetError as error:
            form.add_error("data_set", error.messages)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is registered."))
            return redirect("suppliers:agreement", agreement.pk)
    return render(
        request, "suppliers/form.html", {"form": form, "title": _("New processor agreement")}
    )


@staff_required
def agreement_detail(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, agreement_id)
    keeper = supplier_register_board(request.user) is not None
    exported = services.effective_fields(agreement)
    pending = tuple(k for k in datasets.needs_approval(agreement.field_keys) if k not in exported)
    context: dict[str, Any] = {
        "agreement": agreement,
        "contact": privacy_contact(agreement.supplier, agreement),
        "status": agreement.status_on(timezone.localdate()),
        "keeper": keeper,
        "fields": [(datasets.FIELDS[k], k in exported) for k in agreement.field_keys],
        "approvals": agreement.approvals.all(),
        "flows": [(flow, datasets.labels(flow.fields)) for flow in agreement.flows.all()],
        "export_schools": export_schools(request.user, agreement),
        "exports": exports_for(request.user).filter(agreement=agreement)[:20],
        "versions": [
            (v, datasets.labels(v.fields), datasets.labels(v.exported_fields))
            for v in agreement.versions.all()[:20]
        ],
    }
    if keeper:
        context |= {
            "facts_form": FactsForm(instance=agreement),
            "sign_form": SignForm(),
            "flow_form": FlowForm(agreed=agreement.field_keys),
            "document_form": DocumentForm(),
            "end_form": EndRequestForm(),
            "confirm_form": EndConfirmForm(),
            "data_set_form": DataSetForm(initial={"data_set": list(agreement.field_keys)}),
        }
        if pending and field_approval_board(request.user) == agreement.board_id:
            context["approval_form"] = ApprovalForm(pending=pending)
    return render(request, "suppliers/agreement.html", context)


def _done(request: StaffRequest, agreement: Agreement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("suppliers:agreement", agreement.pk)


def _failed(request: StaffRequest, agreement: Agreement, errors: Any) -> HttpResponse:
    for error in errors:
        messages.error(request, str(error))
    return redirect("suppliers:agreement", agreement.pk)


@staff_required
@require_POST
def agreement_facts(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = FactsForm(request.POST, instance=Agreement.objects.get(pk=agreement.pk))
    if not form.is_valid():
        return _failed(request, agreement, [e for errs in form.errors.values() for e in errs])
    services.agreement_update_facts(
        agreement=agreement, actor=request.user, facts=form.cleaned_data
    )
    return _done(request, agreement, _("The key facts are saved."))


@staff_required
@require_POST
def agreement_sign(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _failed(request, agreement, [_("Enter the date it was signed.")])
    try:
        services.agreement_sign(
            agreement=agreement, actor=request.user, signed_on=form.cleaned_data["signed_on"]
        )
    except ValidationError as error:
        return _failed(request, agreement, error.messages)
    return _done(request, agreement, _("The signing date is saved."))


@staff_required
@require_POST
def field_approve(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    if field_approval_board(request.user) != agreement.board_id:
        raise Http404
    pending = datasets.needs_approval(agreement.field_keys)
    form = ApprovalForm(request.POST, pending=pending)
    if not form.is_valid():
        return _failed(request, agreement, [_("Choose the field and say why it is needed.")])
    try:
        services.field_approve(
            agreement=agreement,
            key=form.cleaned_data["field_key"],
            approver=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return _failed(request, agreement, error.messages)
    return _done(request, agreement, _("The field is approved."))


@staff_required
@require_POST
def data_set_change(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = DataSetForm(request.POST)
    if not form.is_valid():
        return _failed(request, agreement, [_("Choose the fields and say why the set changes.")])
    approver = request.user if field_approval_board(request.user) == agreement.board_id else None
    try:
        services.agreement_change_data_set(
            agreement=agreement,
            actor=request.user,
            fields=list(form.cleaned_data["data_set"]),
            reason=form.cleaned_data["reason"],
            approver=approver,
        )
    except datasets.DataSetError as error:
        return _failed(request, agreement, error.messages)
    except ValidationError as error:
        return _failed(request, agreement, error.messages)
    return _done(request, agreement, _("The data set is changed: a new version of the agreement."))


@staff_required
@require_POST
def flow_add(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = FlowForm(request.POST, agreed=agreement.field_keys)
    if not form.is_valid():
        return _failed(request, agreement, [_("Choose the source, the route and the fields.")])
    try:
        services.data_flow_add(
            agreement=agreement,
            actor=request.user,
            source=form.cleaned_data["source"],
            route=form.cleaned_data["route"],
            fields=list(form.cleaned_data["data_set"]),
        )
    except (ValidationError, datasets.DataSetError) as error:
        return _failed(request, agreement, getattr(error, "messages", [str(error)]))
    return _done(request, agreement, _("The data flow is registered."))


@staff_required
@require_POST
def document_upload(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _failed(request, agreement, [_("Choose the document and a PDF file.")])
    try:
        documents.document_store(
            agreement=agreement,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        return _failed(request, agreement, error.messages)
    return _done(request, agreement, _("The document is stored."))


@staff_required
def document_download(request: StaffRequest, agreement_id: int, kind: str) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    try:
        handle = documents.document_open(agreement, kind)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{kind}-{agreement.pk}.pdf",
        content_type="application/pdf",
    )
    return response  # type: ignore[return-value]  # a streamed file is still a response


@staff_required
@require_POST
def end_request(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = EndRequestForm(request.POST)
    if not form.is_valid():
        return _failed(request, agreement, [_("Choose return or destruction.")])
    services.agreement_request_end(
        agreement=agreement,
        actor=request.user,
        action=form.cleaned_data["action"],
        deadline=form.cleaned_data["deadline"],
    )
    return _done(request, agreement, _("The request to the supplier is recorded."))


@staff_required
@require_POST
def end_confirm(request: StaffRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_keeper(request.user, agreement_id)
    form = EndConfirmForm(request.POST)
    if not form.is_valid():
        return _failed(request, agreement, [_("Enter the date and where it is kept.")])
    try:
        services.agreement_confirm_end(
            agreement=agreement,
            actor=request.user,
            confirmed_on=form.cleaned_data["confirmed_on"],
            reference=form.cleaned_data["reference"],
        )
    except ValidationError as error:
        return _failed(request, agreement, error.messages)
    return _done(request, agreement, _("The supplier's confirmation is recorded."))
