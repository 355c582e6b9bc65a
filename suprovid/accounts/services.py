"""Writes on staff accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from suprovid.core.audit import audit_record, snapshot

from .models import Role, User

if TYPE_CHECKING:  # the network app sits above accounts
    from suprovid.network.models import Institution
    from suprovid.territory.models import Territory


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    territory: Territory | None = None,
    institution: Institution | None = None,
    password: str | None = None,
    full_name: str = "",
    actor: Any = None,
) -> User:
    """A staff account with its role and scope; administrators may use the admin site.

    Preconditions: `role` is a `Role` value and the e-mail is not taken. Without a password
    the account cannot log in until one is set (admin site or password reset).
    """
    user = User(
        email=User.objects.normalize_email(email).lower(),
        role=role,
        territory=territory,
        institution=institution,
        full_name=full_name,
    )
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="user.created", obj=user, after=snapshot(user))
    return user
