"""The privacy officer's activity form: one field per register column, help in plain words."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from schoolprivacy import taxonomy
from schoolprivacy.access.models import Role
from schoolprivacy.register.models import (
    LegalBasis,
    ProcessingActivity,
    RetentionRule,
    SchoolKind,
    Source,
)
from schoolprivacy.register.services import ActivityData, Recipient


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class RetentionRuleField(forms.ModelChoiceField[RetentionRule]):
    def label_from_instance(self, obj: RetentionRule) -> str:
        return f"{obj.name}: {obj.describe()}"


class ActivityForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("A short title, as parents will read it in the privacy statement."),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        # English text on a Dutch page: screen readers and the language check read it as such.
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("For the English statement. Leave empty to show the Dutch name."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why the school uses this data, in plain words. It appears in the public privacy "
            "statement as written here."
        ),
    )
    purpose_en = forms.CharField(
        label=_("Purpose in English"),
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        required=False,
        help_text=_("For the English statement. Leave empty to show the Dutch text."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis (GDPR art. 6)"),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Schools mostly rely on a legal obligation (c) or their public task (e). Use consent "
            "(a) only where parents are free to say no, such as for photos."
        ),
    )
    legal_basis_article = forms.CharField(
        label=_("Law and article"),
        max_length=300,
        required=False,
        help_text=_("For example: WPO art. 178a; Leerplichtwet 1969 art. 21; UAVG art. 46."),
    )
    special_basis = forms.CharField(
        label=_("Exception for special data (GDPR art. 9)"),
        max_length=300,
        required=False,
        help_text=_("Required when special data is chosen below, for example: UAVG art. 30 lid 2."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=[(c.key, c.label) for c in taxonomy.CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Special data (health, religion) and the education number are stored encrypted and "
            "every read is logged."
        ),
    )
    data_subjects = forms.MultipleChoiceField(
        label=_("Whose data"),
        choices=[
            (s.value, str(label).capitalize()) for s, label in taxonomy.SUBJECT_LABELS.items()
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone whose data is in the chosen categories."),
    )
    sources = forms.MultipleChoiceField(
        label=_("Where the data comes from"),
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    systems = forms.CharField(
        label=_("Systems where the data is stored"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line, for example: Schoolprivacy, ParnasSys, ESIS."),
    )
    processors = forms.CharField(
        label=_("Processors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Suppliers who process the data on the school's behalf under a processor agreement. "
            "One per line."
        ),
    )
    access_roles = forms.MultipleChoiceField(
        label=_("Roles with access"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The access policy decides per data category; this states the intent."),
    )
    retention_rule = RetentionRuleField(
        label=_("How long the data is kept"),
        queryset=RetentionRule.objects.none(),
        empty_label=None,
    )
    school_kind = forms.ChoiceField(
        label=_("Applies to"),
        choices=SchoolKind.choices,
        required=False,
        help_text=_("The privacy statement of a school only shows the activities for its kind."),
    )
    security_measures = forms.CharField(
        label=_("Security measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    dpia_reference = forms.CharField(
        label=_("DPIA reference"),
        max_length=200,
        required=False,
        help_text=_("The data protection impact assessment that covers this activity, if any."),
    )

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["retention_rule"]
        assert isinstance(field, RetentionRuleField)
        field.queryset = rules

    @classmethod
    def initial_for(cls, activity: ProcessingActivity) -> dict[str, Any]:
        return {
            **{
                name: getattr(activity, name)
                for name in (
                    "name",
                    "name_en",
                    "purpose",
                    "purpose_en",
                    "legal_basis",
                    "legal_basis_article",
                    "special_basis",
                    "categories",
                    "data_subjects",
                    "sources",
                    "access_roles",
                    "retention_rule",
                    "school_kind",
                    "security_measures",
                    "dpia_reference",
                )
            },
            "systems": "\n".join(activity.systems),
            "processors": "\n".join(activity.processors),
        }

    def category_groups(self) -> list[tuple[str, list[tuple[Any, taxonomy.Category, str]]]]:
        """The category checkboxes grouped by whose data they are, each with its category and
        the classification in words, for a fieldset per group."""
        widgets = {w.data["value"]: w for w in self["categories"]}
        groups: list[tuple[str, list[tuple[Any, taxonomy.Category, str]]]] = []
        for subject, label in taxonomy.SUBJECT_LABELS.items():
            entries = [
                (widgets[c.key], c, str(taxonomy.CLASSIFICATION_LABELS[c.classification]))
                for c in taxonomy.CATEGORIES
                if c.subject is subject
            ]
            groups.append((str(label).capitalize(), entries))
        return groups

    def to_data(self, recipients: list[Recipient]) -> ActivityData:
        d = self.cleaned_data
        return ActivityData(
            name=d["name"],
            name_en=d["name_en"],
            purpose=d["purpose"],
            purpose_en=d["purpose_en"],
            legal_basis=d["legal_basis"],
            legal_basis_article=d["legal_basis_article"],
            special_basis=d["special_basis"],
            categories=tuple(d["categories"]),
            data_subjects=tuple(d["data_subjects"]),
            sources=tuple(d["sources"]),
            systems=_lines(d["systems"]),
            processors=_lines(d["processors"]),
            access_roles=tuple(d["access_roles"]),
            recipients=tuple(recipients),
            retention_rule=d["retention_rule"],
            school_kind=d["school_kind"] or "",
            security_measures=d["security_measures"],
            dpia_reference=d["dpia_reference"],
        )


class RecipientForm(forms.Form):
    name = forms.CharField(label=_("Recipient"), max_length=200, required=False)
    basis = forms.ChoiceField(
        label=_("Basis for sharing"),
        choices=[("", "-"), *LegalBasis.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and not data.get("basis"):
            self.add_error("basis", _("Choose the basis for sharing with this recipient."))
        return data


# Two empty rows for new recipients: no JavaScript needed to add one (the CSP allows none inline).
RecipientFormSet = formset_factory(RecipientForm, extra=2)


def recipients_initial(activity: ProcessingActivity | None) -> list[dict[str, str]]:
    return list(activity.recipients) if activity else []


def recipients_from(formset: Any) -> list[Recipient]:
    return [
        Recipient(f.cleaned_data["name"], f.cleaned_data["basis"])
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]
