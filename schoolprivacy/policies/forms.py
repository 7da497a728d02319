from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schoolprivacy.policies.models import (
    DPIA_CRITERIA,
    Council,
    Decision,
    Dpia,
    PolicyDocument,
    Section,
)
from schoolprivacy.register.models import ProcessingActivity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PolicyDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}))


class VersionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}))
    changes = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Parents read this in the email about the new version."),
    )


class DecisionForm(forms.Form):
    council = forms.ChoiceField(label=_("Council"), choices=Council.choices)
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    minutes_reference = forms.CharField(
        label=_("Minutes reference"),
        max_length=100,
        help_text=_("Where the decision is recorded, for example “GMR minutes 2026-11, item 4”."),
    )


class ContactsForm(forms.Form):
    dpo_name = forms.CharField(label=_("Name of the data protection officer"), max_length=200)
    dpo_email = forms.EmailField(label=_("Email address of the data protection officer"))
    dpo_phone = forms.CharField(
        label=_("Telephone number of the data protection officer"), max_length=30, required=False
    )
    website = forms.URLField(
        label=_("The board's web page about privacy"),
        required=False,
        help_text=_("The statement links here for more about your rights."),
    )


class DpiaForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Processing activity"),
        queryset=ProcessingActivity.objects.none(),
        required=False,
    )
    supplier_name = forms.CharField(
        label=_("Or: supplier"),
        max_length=200,
        required=False,
        help_text=_("For a supplier's application that is not one activity of the register."),
    )
    criteria = forms.MultipleChoiceField(
        label=_("Which criteria apply?"),
        choices=list(DPIA_CRITERIA.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Two or more: a DPIA is needed (GDPR art. 35)."),
    )
    document_reference = forms.CharField(label=_("DPIA document"), max_length=300, required=False)
    performed_on = forms.DateField(label=_("Date of the DPIA"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("not yet")), *Dpia.Outcome.choices], required=False
    )
    measures = forms.CharField(
        label=_("Measures"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    review_on = forms.DateField(label=_("Review date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = activities
