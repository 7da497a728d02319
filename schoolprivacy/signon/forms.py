from django import forms
from django.utils.translation import gettext_lazy as _


class IdentityForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject identifier at the provider"),
        max_length=255,
        required=False,
        help_text=_(
            "The provider's permanent identifier of this person (the `sub` claim), not their "
            "name or email address. Leave empty to remove the link."
        ),
    )
