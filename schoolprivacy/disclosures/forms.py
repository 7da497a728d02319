"""The staff form to record a disclosure: every field the gate may need, with plain help texts.

The form checks shapes only; whether the disclosure is allowed is the gate's (rules.check),
whose refusal the view shows as a form error.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schoolprivacy.disclosures.recipients import CONSENT, LEGAL_OBLIGATION, Recipient
from schoolprivacy.taxonomy import CATEGORIES, Subject


class DisclosureForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"))
    recipient_name = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Which organisation exactly, for example the municipality or the new school."),
    )
    basis = forms.ChoiceField(
        label=_("Basis"),
        widget=forms.RadioSelect,
        choices=[
            (LEGAL_OBLIGATION, _("A legal obligation (name the article)")),
            (CONSENT, _("Consent of the parents, or of the pupil aged 16 or older")),
        ],
    )
    article = forms.ChoiceField(
        label=_("Article"),
        required=False,
        help_text=_("Only with a legal obligation."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Which data"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (c.key, c.label) for c in CATEGORIES if c.subject in (Subject.PUPIL, Subject.GUARDIAN)
        ],
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    absence_hours = forms.IntegerField(
        label=_("Hours of unauthorised absence"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("Attendance officer: the hours within the last 4 school weeks."),
    )
    shown_to_parents_on = forms.DateField(
        label=_("Shown to the parents on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Transfer report from a primary school: the parents see it first."),
    )
    parent_remarks = forms.CharField(
        label=_("The parents' remarks"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reference = forms.CharField(
        label=_("Reference of the legal order"),
        required=False,
        max_length=100,
        help_text=_("Police or public prosecutor only."),
    )
    shown_to_parents = forms.BooleanField(
        label=_("The parents may see this in the parent portal now"),
        required=False,
        initial=True,
        help_text=_(
            "Veilig Thuis only: under the reporting code you normally tell the parents, unless "
            "that endangers the child. You can let them see it later."
        ),
    )

    def __init__(self, *args: Any, recipients: list[Recipient], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient_field = self.fields["recipient"]
        article_field = self.fields["article"]
        assert isinstance(recipient_field, forms.ChoiceField)
        assert isinstance(article_field, forms.ChoiceField)
        recipient_field.choices = [(r.key, r.name) for r in recipients]
        article_field.choices = [("", _("(none)"))] + [
            (g.code, f"{r.name}: {g.citation}") for r in recipients for g in r.legal_grounds
        ]
