"""Forms of the processor register pages. They offer only catalogue fields (datasets.py): what
may never be offered is not even a choice."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schoolprivacy.schools.models import School
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.contacts import INVALID_EMAIL
from schoolprivacy.suppliers.models import Agreement, DataFlow, Export, Supplier

DATE = forms.DateInput(attrs={"type": "date"})


def _field_choices(keys: tuple[str, ...] = datasets.KEYS) -> list[tuple[str, str]]:
    choices = []
    for key in keys:
        field = datasets.FIELDS[key]
        label = str(field.label)
        if field.needs_approval:
            label = f"{label} ({_('needs approval by the privacy officer')})"
        choices.append((key, label))
    return choices


class PrivacyContactForm(forms.Form):
    """Where privacy questions and art. 19 notices go (contacts.py). Optional: without an
    address they go to the agreement's contact for data breaches, shown as the fallback."""

    privacy_contact_name = forms.CharField(
        label=_("Privacy contact"),
        max_length=200,
        required=False,
        help_text=_("A person or a desk, such as the supplier's privacy officer."),
    )
    privacy_contact_email = forms.EmailField(
        label=_("Email address of the privacy contact"),
        max_length=254,
        required=False,
        error_messages={"invalid": INVALID_EMAIL},
        help_text=_(
            "Notices of corrections and erasures (GDPR article 19) go here. Empty: they go to "
            "the agreement's contact for data breaches."
        ),
    )


class SupplierForm(PrivacyContactForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Supplier.Kind.choices)
    covenant_signed = forms.BooleanField(
        label=_("Signed the privacy covenant (Convenant Digitale Onderwijsmiddelen en Privacy)"),
        required=False,
    )
    processor = forms.ModelChoiceField(
        label=_("Works for (sub-processor of)"),
        queryset=Supplier.objects.none(),
        required=False,
        empty_label=_("nobody: it is a processor of the board itself"),
        help_text=_("Choose the processor this supplier works for, if it is a sub-processor."),
    )

    def __init__(self, *args: Any, processors: QuerySet[Supplier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["processor"].queryset = processors  # type: ignore[attr-defined]
        self.order_fields(["name", "kind", "covenant_signed", "processor"])


class AgreementForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    product = forms.CharField(label=_("Product"), max_length=200)
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools that use it"),
        queryset=School.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    data_set = forms.MultipleChoiceField(
        label=_("Data set"),
        choices=_field_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the supplier needs. Gender, the education number and special data are "
            "never given to suppliers."
        ),
    )
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=DATE, help_text=_("Empty for a draft.")
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    consent_purpose = forms.CharField(
        label=_("Depends on consent for (purpose key)"),
        max_length=60,
        required=False,
        help_text=_("Pupils without this consent are left out of every export."),
    )

    def __init__(
        self, *args: Any, suppliers: QuerySet[Supplier], schools: QuerySet[School], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["schools"].queryset = schools  # type: ignore[attr-defined]


class FactsForm(forms.ModelForm[Agreement]):
    class Meta:
        model = Agreement
        fields = [
            "model_version",
            "data_location",
            "sub_processors",
            "certifications",
            "breach_contact",
            "dpia_url",
        ]
        widgets = {"sub_processors": forms.Textarea(attrs={"rows": 3})}


class DataSetForm(forms.Form):
    """The data set as amended: a new version of the agreement, the previous one kept."""

    data_set = forms.MultipleChoiceField(
        label=_("Data set"),
        choices=_field_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the supplier needs. Extra fields count only once the privacy officer "
            "approves them."
        ),
    )
    reason = forms.CharField(
        label=_("Why it changes (the amendment of the agreement)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class ApprovalForm(forms.Form):
    field_key = forms.ChoiceField(label=_("Field"))
    reason = forms.CharField(
        label=_("Why the supplier needs it"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, pending: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_key"].choices = _field_choices(pending)  # type: ignore[attr-defined]


class FlowForm(forms.Form):
    source = forms.ChoiceField(label=_("Source system"), choices=DataFlow.Source.choices)
    route = forms.ChoiceField(label=_("Route"), choices=DataFlow.Route.choices)
    data_set = forms.MultipleChoiceField(
        label=_("Fields that travel this way"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agreed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["data_set"].choices = _field_choices(agreed)  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            ("agreement_document", _("processor agreement")),
            ("privacy_sheet_document", _("privacy information sheet")),
            ("security_annex_document", _("security annex")),
        ],
    )
    file = forms.FileField(label=_("PDF file"))


class EndRequestForm(forms.Form):
    action = forms.ChoiceField(label=_("Ask the supplier to"), choices=Agreement.EndAction.choices)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class EndConfirmForm(forms.Form):
    confirmed_on = forms.DateField(label=_("Confirmed on"), widget=DATE)
    reference = forms.CharField(label=_("Where the confirmation is kept"), max_length=200)


class ExportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices)

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["school"].empty_label = None  # type: ignore[attr-defined]
