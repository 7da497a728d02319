"""Forms for changing a consent: one choice, then one confirmation step (the view decides which)."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The decisions a holder can make online. "withdrawn" is offered only when consent was given;
# the view chooses the choices from the current status.
GRANT = "granted"
REFUSE = "refused"
WITHDRAW = "withdrawn"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your choice"), widget=forms.RadioSelect)
    # Set by the confirmation page; without it the view shows that page instead of saving.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, current: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["decision"]
        assert isinstance(field, forms.ChoiceField)
        if current == GRANT:
            field.choices = [(WITHDRAW, _("Withdraw my consent"))]
        else:
            field.choices = [
                (GRANT, _("Yes, I give consent")),
                (REFUSE, _("No, I do not give consent")),
            ]


class PaperFormForm(forms.Form):
    """Administration records a decision made on paper: who signed, what, and where the form is."""

    decision = forms.ChoiceField(
        label=_("Decision on the form"),
        widget=forms.RadioSelect,
        choices=[
            (GRANT, _("Consent given")),
            (REFUSE, _("Consent refused")),
            (WITHDRAW, _("Consent withdrawn")),
        ],
    )
    holder = forms.ChoiceField(label=_("Signed by"))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("Where the signed form is kept, for example a scan number."),
    )

    def __init__(self, *args: object, holders: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["holder"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = holders


class DisputeReportForm(forms.Form):
    """Staff report that the parents disagree: which parent told the school, and a note."""

    guardian = forms.ChoiceField(
        label=_("Parent who disagrees"),
        help_text=_("The parent who told the school they do not agree with the other parent."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the parent told the school and when. Only staff who may see the consents of "
            "this pupil read it."
        ),
    )

    def __init__(self, *args: object, guardians: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["guardian"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("- Choose a parent -")), *guardians]
