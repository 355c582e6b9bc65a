"""A form field that takes a КАТОТТГ code, with a picker that searches by name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .codes import is_valid_code, normalize_code
from .models import Territory


class TerritoryPickerWidget(forms.TextInput):
    """A text input for the code plus a name search (HTMX) that fills it in.

    Without JavaScript the user types the code itself; the field validates it.
    """

    template_name = "territory/widgets/picker.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        label = ""
        if value:
            unit = Territory.objects.select_related("parent").filter(pk=value).first()
            label = unit.label if unit else ""
        context["widget"]["territory_label"] = label
        return context


class TerritoryField(forms.Field):
    """Cleans to a `Territory`; an unknown or malformed code is a clear error."""

    widget = TerritoryPickerWidget
    default_error_messages = {
        "malformed": _("A КАТОТТГ code is UA followed by 17 digits, e.g. UA12060170010065850."),
        "unknown": _("There is no territory with the code %(code)s in the codifier."),
    }

    def to_python(self, value: Any) -> Territory | None:
        if isinstance(value, Territory):
            return value
        if value in self.empty_values:
            return None
        code = normalize_code(str(value))
        if not is_valid_code(code):
            raise ValidationError(self.error_messages["malformed"], code="malformed")
        unit = Territory.objects.filter(pk=code).first()
        if unit is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            )
        return unit

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Territory):
            return value.pk
        return value
