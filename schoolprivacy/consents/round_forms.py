"""The form that starts a consent round (consents/rounds.py)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.schools.models import School


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Every school of the board"),
    )
    purposes = forms.ModelMultipleChoiceField(
        label=_("Purposes"), queryset=Purpose.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_collection = forms.BooleanField(
        label=_("No new consent after the deadline (withdrawing stays possible)"), required=False
    )
    reminder_days_before = forms.IntegerField(
        label=_("Days before the deadline to send a reminder"), min_value=0, max_value=60, initial=7
    )

    def __init__(self, *args: Any, board_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        purposes = self.fields["purposes"]
        assert isinstance(school, forms.ModelChoiceField)
        assert isinstance(purposes, forms.ModelMultipleChoiceField)
        school.queryset = School.objects.filter(board_id=board_id).order_by("name")
        purposes.queryset = Purpose.objects.filter(board_id=board_id, is_active=True).order_by(
            "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _("The deadline cannot be before the round opens."))
        return data
