from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from suprovid.territory.forms import TerritoryField

from .models import InstitutionKind

GROUPS = [
    ("institution", _("institution")),
    ("territory", _("territory of the institution")),
    ("kind", _("kind of institution")),
]


class PositionsFilterForm(forms.Form):
    """Filters of the positions page; every field is optional."""

    territory = TerritoryField(label=_("Territory"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any kind")), *InstitutionKind.choices]
    )
    group = forms.ChoiceField(label=_("Group by"), required=False, choices=GROUPS)
