"""Parsing report parameters from the command line, the API and the web pages alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from suprovid.territory.codes import is_valid_code, normalize_code

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


class ParamError(ValueError):
    """Bad input, with a message a person can act on (keyed by parameter name)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_date(value: str) -> dt.date:
    """`YYYY-MM-DD` or `DD.MM.YYYY`; raises ValueError otherwise."""
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass(frozen=True)
class SummaryParams:
    date_from: dt.date
    date_to: dt.date
    territory_code: str | None


def parse_summary_params(
    data: Mapping[str, str | None], *, from_key: str = "from", to_key: str = "to"
) -> SummaryParams:
    """Validate period and territory code; every problem is reported at once."""
    errors: dict[str, str] = {}
    dates: dict[str, dt.date] = {}
    for key in (from_key, to_key):
        raw = (data.get(key) or "").strip()
        if not raw:
            errors[key] = _("This parameter is required (a date, YYYY-MM-DD or DD.MM.YYYY).")
            continue
        try:
            dates[key] = parse_date(raw)
        except ValueError:
            errors[key] = _("“%(value)s” is not a date: use YYYY-MM-DD or DD.MM.YYYY.") % {
                "value": raw
            }
    if len(dates) == 2 and dates[from_key] > dates[to_key]:
        errors[to_key] = _("The end of the period is before its start.")
    code: str | None = None
    raw_code = (data.get("territory") or "").strip()
    if raw_code:
        code = normalize_code(raw_code)
        if not is_valid_code(code):
            errors["territory"] = _(
                "A КАТОТТГ code is UA followed by 17 digits, e.g. UA12060170010065850."
            )
    if errors:
        raise ParamError(errors)
    return SummaryParams(dates[from_key], dates[to_key], code)
