"""Staff accounts in the admin site; passwords are set through Django's hashing forms."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp_webauthn.admin import WebAuthnCredentialAdmin as BaseWebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from suprovid.core.admin import AuditedAdminMixin

from .models import User


class UserCreateForm(AdminUserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "territory", "institution")


class UserEditForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):  # type: ignore[type-arg]
    form = UserEditForm
    add_form = UserCreateForm
    list_display = ["email", "full_name", "role", "territory", "institution", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    raw_id_fields = ["territory", "institution"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Role and scope"), {"fields": ("role", "territory", "institution")}),
        (
            _("Access"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "territory",
                    "institution",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ()


@admin.register(WebAuthnCredential)
class WebAuthnCredentialAdmin(AuditedAdminMixin, BaseWebAuthnCredentialAdmin):  # type: ignore[misc]
    """Security keys: an administrator may disable (unconfirm) or delete a lost one."""
