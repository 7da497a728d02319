"""Sign-in forms. They only collect input; the views check credentials and throttle."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def code_field(*, autofocus: bool = True) -> forms.CharField:
    attrs: dict[str, str | bool] = {"autocomplete": "one-time-code", "spellcheck": "false"}
    if autofocus:
        attrs["autofocus"] = True
    return forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs=attrs),
    )


class CodeForm(forms.Form):
    code = code_field()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=10,
        help_text=_("The 6-digit code your authenticator app shows after adding the account."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SudoForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = code_field(autofocus=False)


class ParentLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address the school has on record for you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
