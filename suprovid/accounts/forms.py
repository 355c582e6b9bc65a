from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """E-mail and password; the error does not tell a locked account from a wrong password."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Wrong e-mail or password. After several failed attempts the account is locked "
            "for a few minutes."
        ),
        "inactive": _("This account is disabled."),
    }


class TokenForm(forms.Form):
    """A six-digit code from the authenticator, or a one-time recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())
