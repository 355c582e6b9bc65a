"""The period-and-territory picker shared by the dashboard and every report page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suprovid.territory.forms import TerritoryField

from .params import DATE_FORMATS

LEVEL_CHOICES = [(1, _("oblast")), (2, _("raion")), (3, _("hromada"))]


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From the first of January to today: the figures "since the start of the year"."""
    today = today or timezone.localdate()
    return today.replace(month=1, day=1), today


class PeriodForm(forms.Form):
    """Period (`from`, `to`) and an optional territory; empty dates mean this year so far."""

    date_from = forms.DateField(label=_("From"), required=False, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=_("To"), required=False, input_formats=DATE_FORMATS)
    territory = TerritoryField(label=_("Territory"), required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            # Accept the API's parameter names in links too (`from`, `to`).
            data = data.copy()
            for short, long in (("from", "date_from"), ("to", "date_to")):
                if short in data and long not in data:
                    data[long] = data[short]
            # The default period is shown in the date fields, not applied invisibly.
            start, end = default_period()
            for name, value in (("date_from", start), ("date_to", end)):
                if not data.get(name):
                    data[name] = value.isoformat()
        super().__init__(data, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].widget = forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = default_period()
        cleaned["date_from"] = cleaned.get("date_from") or start
        cleaned["date_to"] = cleaned.get("date_to") or end
        if cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


class OpenDataForm(PeriodForm):
    level = forms.TypedChoiceField(
        label=_("Territory level"), choices=LEVEL_CHOICES, coerce=int, initial=1, required=False
    )


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int
    )
    territory = TerritoryField(label=_("Territory"), required=False)
