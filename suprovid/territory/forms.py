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
            unit = Territory.objects.with_ancestors().filter(pk=value).first()
            label = unit.full_label if unit else ""
        context["widget"]["territory_label"] = label
        return context


class TerritoryField(forms.Field):
    """Cleans to a `Territory`; an unknown or malformed code is a clear error."""

    widget = TerritoryPickerWidget
    default_error_messages = {
        "malformed": _("A КАТОТТГ code is UA followed by 17 digits, e.g. UA12060170010065850."),
        "unknown": _("There is no territory with the code %(code)s in the codifier."),
        "abolished": _(
            "%(name)s (%(code)s) was abolished in the %(edition)s edition of the codifier: "
            "choose the unit that replaced it."
        ),
    }

    def __init__(self, *args: Any, allow_abolished: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Filters may look for records still pointing to abolished units; new records may
        # not. `keep_code` lets an edit keep the abolished unit a record already has.
        self.allow_abolished = allow_abolished
        self.keep_code: str | None = None

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
        if unit.abolished_in and not self.allow_abolished and code != self.keep_code:
            raise ValidationError(
                self.error_messages["abolished"],
                code="abolished",
                params={"name": unit.name, "code": code, "edition": unit.abolished_in},
            )
        return unit

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Territory):
            return value.pk
        return value
