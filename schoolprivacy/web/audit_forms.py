from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from schoolprivacy.audit.subjects import LABELS

# The vocabulary every event is indexed by (decision 0021), so each choice can find something.
SUBJECT_TYPES = [("", _("any")), *LABELS.items()]


class DateInput(forms.DateInput):
    input_type = "date"


class EventFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("The start of an action name, for example accounts.signin"),
    )
    actor = forms.CharField(label=_("User name of the actor"), required=False, max_length=150)
    subject_type = forms.ChoiceField(label=_("Subject type"), choices=SUBJECT_TYPES, required=False)
    subject_id = forms.IntegerField(label=_("Subject number"), required=False, min_value=1)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return cleaned
