"""Security keys and passkeys (WebAuthn) as a second factor, through django-otp-webauthn.

The library's JSON ceremonies, with what this project adds around them: each enrolment and
each sign-in with a key is audited, and the session learns at once that the user now has a
device (`mfa.HAS_DEVICE`), so the roles that must use a second factor are asked for it from
then on. A key never replaces the password (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off):
the ceremonies need a user signed in with their password.

Mounted under /accounts/mfa/webauthn/ (the URL names keep the library's `otp_webauthn`
namespace), which the second-factor middleware leaves open to a user who has not confirmed
a factor yet, as the enrolment and verification pages are.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from suprovid.core.audit import audit_event

from .mfa import HAS_DEVICE


def webauthn_configuration(request: HttpRequest) -> dict[str, Any]:
    """What the library's scripts read from the page (`otp_webauthn_config`)."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("otp_webauthn:credential-authentication-begin"),
        "completeAuthenticationUrl": reverse("otp_webauthn:credential-authentication-complete"),
        "beginRegistrationUrl": reverse("otp_webauthn:credential-registration-begin"),
        "completeRegistrationUrl": reverse("otp_webauthn:credential-registration-complete"),
    }


def keys_of(user: Any) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))


class RegistrationComplete(CompleteCredentialRegistrationView):  # type: ignore[misc]
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)
        if response.status_code == 200:
            user = self.request.user
            key = WebAuthnCredential.objects.filter(user=user).order_by("-pk").first()
            self.request.session[HAS_DEVICE] = True
            audit_event(
                action="mfa.key_enrolled",
                obj=user,
                actor=user,
                after={"key": key.pk if key else None, "name": key.name if key else ""},
            )
        return response


class AuthenticationComplete(CompleteCredentialAuthenticationView):  # type: ignore[misc]
    def complete_auth(self, device: Any) -> None:
        super().complete_auth(device)
        audit_event(
            action="login.second_factor_confirmed",
            obj=device.user,
            actor=device.user,
            after={"method": "webauthn", "key": device.pk},
        )


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        RegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        AuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    # The scripts' messages, in Ukrainian from this app's djangojs catalogue.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["suprovid.accounts"]),
        name="js-i18n-catalog",
    ),
]
