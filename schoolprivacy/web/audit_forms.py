from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from schoolprivacy.web.audit_text import KINDS

KIND_CHOICES = [("", _("everything")), *((key, label) for key, (label, _p) in KINDS.items())]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=150,
        help_text=_("A staff member's or parent's name, or a user name"),
    )
    pupil = forms.CharField(
        label=_("About pupil"), required=False, max_length=150, help_text=_("A pupil's name")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return cleaned


class PupilLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Pupil's name"),
        max_length=150,
        min_length=2,
        help_text=_("First name, surname or both, for example “sanne jan”"),
    )
