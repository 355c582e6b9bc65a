"""Colleagues a user may make responsible for an issue, a case or a step."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from suprovid.accounts.models import Role, User

from .models import Institution


def staff_choices(user: User) -> Any:
    """Colleagues the user may make responsible: active casework staff in their scope."""
    institutions = Institution.objects.visible_to(user)
    return User.objects.filter(
        Q(institution__in=institutions) | Q(pk=user.pk),
        is_active=True,
        role__in=[Role.SPECIALIST, Role.COORDINATOR],
    ).order_by("full_name", "email")
