"""Forms of the breach register: reporting (staff, pupils) and the privacy officer's triage."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.breaches.models import Breach

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SystemsField(forms.CharField):
    """System names, one per line (as the register names them)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


class ReportForm(forms.Form):
    aware_at = forms.DateTimeField(
        label=_("When did you notice it?"),
        widget=_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("Date and time, as exactly as you can. Report straight away: the clock runs."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: a list of pupils was emailed to the wrong parents."),
    )
    supplier_name = forms.CharField(
        label=_("Reported to you by a supplier? Its name"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, systems: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["systems"] = forms.MultipleChoiceField(
            label=_("Which systems are involved?"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(s, s) for s in systems],
        )
        if not self.is_bound:
            self.initial.setdefault(
                "aware_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_aware_at(self) -> datetime:
        value: datetime = self.cleaned_data["aware_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("This moment is still to come."))
        return value


class PupilReportForm(forms.Form):
    description = forms.CharField(
        label=_("What happened?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example: you could see other pupils' marks, or you got an email meant for "
            "someone else."
        ),
    )


class TriageForm(forms.ModelForm):  # type: ignore[type-arg]
    systems = SystemsField(
        label=_("Systems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as the processing register names them."),
    )

    class Meta:
        model = Breach
        fields = [
            "systems",
            "risk",
            "risk_assessment",
            "confidentiality",
            "integrity",
            "availability",
            "started_at",
            "ended_at",
            "cause",
            "consequences",
            "measures",
            "exam_results",
            "inspectorate_informed_at",
            "ap_notified_at",
            "ap_reference",
            "not_notified_reason",
            "inform_subjects",
            "inform_reason",
            "subjects_informed_at",
            "evaluation",
        ]
        widgets = {
            name: _LOCAL
            for name in (
                "started_at",
                "ended_at",
                "inspectorate_informed_at",
                "ap_notified_at",
                "subjects_informed_at",
            )
        } | {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "risk_assessment",
                "cause",
                "consequences",
                "measures",
                "not_notified_reason",
                "inform_reason",
                "evaluation",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateTimeField):
                field.input_formats = ["%Y-%m-%dT%H:%M"]
            if name == "inform_subjects":
                self.fields[name] = forms.NullBooleanField(
                    label=field.label,
                    required=False,
                    widget=forms.Select(
                        choices=[
                            ("unknown", _("not decided yet")),
                            ("true", _("yes")),
                            ("false", _("no")),
                        ]
                    ),
                )


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Follow-up"), max_length=2000)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
