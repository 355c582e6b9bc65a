"""Signing in (password, then the second factor), the lockout answer and password change."""

from __future__ import annotations

import base64
from typing import Any

import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from suprovid.core.audit import audit_event

from .backends import normalise_email
from .forms import LoginForm, TokenForm
from .http import AuthenticatedHttpRequest
from .mfa import (
    HAS_DEVICE,
    has_device,
    needs_verification,
    pending_totp_device,
    recovery_codes_create,
)
from .models import User
from .webauthn import keys_of, webauthn_configuration


def login_rate_exceeded(request: HttpRequest) -> bool:
    """More than LOGIN_ATTEMPTS_PER_MINUTE login posts from this client address within a
    minute (counted in the cache — per web process unless a shared cache is configured —,
    per address as django-axes sees it)."""
    limit = settings.LOGIN_ATTEMPTS_PER_MINUTE
    if limit <= 0:
        return False
    # A window of a minute from the address's first attempt (the counter keeps its expiry).
    key = f"login-attempts:{get_client_ip_address(request) or 'unknown'}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > limit


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Every attempt costs a password hashing: one address guessing many e-mails (which
        # django-axes counts separately) must not slow everyone's pages (issue #8).
        if login_rate_exceeded(request):
            audit_event(
                action="login.rate_limited",
                object_type="accounts.user",
                actor_repr=normalise_email(request.POST.get("username")),
            )
            form: Any = self.get_form()
            form.cleaned_data = {}
            form._errors = ErrorDict()
            form._errors[NON_FIELD_ERRORS] = form.error_class(
                [_("Too many sign-in attempts from your address. Wait a minute and try again.")]
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = "60"
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_event(action="login.succeeded", obj=self.request.user, actor=self.request.user)
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if needs_verification(self.request.user, self.request.session):
            return f"{reverse('accounts:mfa')}?{urlencode({'next': url})}"
        return url


class LogoutView(auth_views.LogoutView):
    pass


@login_not_required
def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """django-axes' answer for a locked (e-mail, address) pair: the same page, words, status
    and hashing work as a wrong password, so a locked account cannot be told from a wrong
    guess or from an address nobody uses."""
    User().set_password(request.POST.get("password", ""))
    form: Any = LoginForm(request, data=request.POST or None)
    form.cleaned_data = {}
    form._errors = ErrorDict()
    form._errors[NON_FIELD_ERRORS] = form.error_class([form.error_messages["invalid_login"]])
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.POST.get("next", "")},
    )


@require_http_methods(["GET", "POST"])
def mfa(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step: enrol an authenticator on the first visit, then confirm a code
    (from the authenticator or a one-time recovery code) on every login."""
    user = request.user
    next_url = _safe_next(request, settings.LOGIN_REDIRECT_URL)
    if user.is_verified():
        return redirect(next_url)
    form = TokenForm(request.POST or None)
    if not has_device(user):
        return _enrol(request, form, next_url)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_event(action="login.second_factor_confirmed", obj=user, actor=user)
            return redirect(next_url)
        form.add_error("token", _("The code is wrong or has expired."))
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "next": next_url,
            "keys": keys_of(user),
            "webauthn": webauthn_configuration(request),
        },
    )


def _enrol(request: HttpRequest, form: TokenForm, next_url: str) -> HttpResponse:
    device = pending_totp_device(user=request.user)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_event(action="mfa.enrolled", obj=request.user, actor=request.user)
            request.session[HAS_DEVICE] = True
            codes = recovery_codes_create(user=request.user)
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": next_url})
        form.add_error("token", _("The code is wrong or has expired."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": secret,
            "next": next_url,
            "webauthn": webauthn_configuration(request),
        },
    )


@require_http_methods(["POST"])
def key_added(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the page goes once a security key is registered (the key itself was saved and
    audited by the WebAuthn view): a first enrolment gets its recovery codes, as with an
    authenticator app; otherwise back to the keys page."""
    if not request.user.is_verified():
        return redirect(reverse("accounts:mfa"))
    next_url = _safe_next(request, reverse("accounts:mfa_keys"))
    if not StaticToken.objects.filter(device__user=request.user).exists():
        codes = recovery_codes_create(user=request.user)
        return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": next_url})
    messages.success(request, _("The security key has been added."))
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's security keys and passkeys: add one beside the authenticator app, or
    remove one. Needs a session confirmed with a second factor (or no factor yet)."""
    user = request.user
    if has_device(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:mfa')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if not remove.isascii() or not remove.isdigit():
            return redirect("accounts:mfa_keys")
        key = get_object_or_404(WebAuthnCredential, pk=int(remove), user=user)
        audit_event(
            action="mfa.key_removed", obj=user, actor=user, after={"key": key.pk, "name": key.name}
        )
        key.delete()
        request.session[HAS_DEVICE] = has_device(user)
        messages.success(request, _("The security key has been removed."))
        return redirect("accounts:mfa_keys")
    return render(
        request,
        "accounts/mfa_keys.html",
        {
            "keys": keys_of(user),
            "webauthn": webauthn_configuration(request),
            "next": request.path,
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); needs a verified session."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:mfa')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        codes = recovery_codes_create(user=request.user)
        audit_event(action="mfa.recovery_codes_created", obj=request.user, actor=request.user)
        return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": "/"})
    return render(request, "accounts/mfa_recovery.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password keeps this session, ends the others (Django's session
    hash) and revokes every API token (User.save)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")
    title = gettext_lazy("Change password")

    def form_valid(self, form: Any) -> HttpResponseRedirect:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response  # type: ignore[return-value]
