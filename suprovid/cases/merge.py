"""What merging two person records means for support cases (`suprovid.people.merge`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import SupportCase


def one_open_case_per_household(target: Any, duplicate: Any) -> None:
    """Refuse a merge that would leave the household with two open support cases."""
    if SupportCase.objects.open().filter(primary_person__in=[target, duplicate]).count() > 1:
        raise ValidationError(
            _("Both records have an open support case: close one of them before merging.")
        )
