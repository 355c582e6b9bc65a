"""The summary as a one-page PDF in Ukrainian, for a press release (WeasyPrint, DejaVu)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suprovid.appeals.models import Outcome
from suprovid.core.collation import sort_key
from suprovid.topics.defaults import FIRST_LEVEL

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
NBSP = "\u00a0"


def group_digits(n: int) -> str:
    """7704 → "7 704": the Ukrainian thousands separator is a (non-breaking) space."""
    return f"{n:,}".replace(",", NBSP)


def headline(data: dict[str, Any]) -> str:
    """ "7 704 звернення, 24 918 питань, 2 595 ветеранів отримали практичну допомогу, …"."""

    def n(key: str) -> str:
        return group_digits(int(data[key]))

    parts = [
        ngettext("%(n)s appeal", "%(n)s appeals", data["appeals"]) % {"n": n("appeals")},
        ngettext("%(n)s issue", "%(n)s issues", data["issues"]) % {"n": n("issues")},
        ngettext(
            "%(n)s veteran received practical support",
            "%(n)s veterans received practical support",
            data["veterans_helped"],
        )
        % {"n": n("veterans_helped")},
        ngettext("%(n)s specialist", "%(n)s specialists", data["specialists"])
        % {"n": n("specialists")}
        + " "
        + ngettext("in %(n)s position", "in %(n)s positions", data["positions_planned"])
        % {"n": n("positions_planned")},
        _("of them %(n)s in healthcare facilities") % {"n": n("specialists_in_healthcare")},
    ]
    return ", ".join(parts)


def summary_html(data: dict[str, Any], *, territory_name: str) -> str:
    topics = dict((code, uk) for code, uk, _en in FIRST_LEVEL)
    context = {
        "data": data,
        "territory_name": territory_name,
        "headline": headline(data),
        "persons_helped": group_digits(data["persons_helped"]),
        "topics": sorted(
            (
                (topics.get(code, code), group_digits(v))
                for code, v in data["issues_by_topic"].items()
                if v
            ),
            key=lambda item: sort_key(item[0]),  # Ukrainian alphabetical order
        ),
        "outcomes": [
            (
                _("open or in progress") if key == "open" else str(Outcome(key).label),
                group_digits(v),
            )
            for key, v in data["issues_by_outcome"].items()
        ],
        "font_dir": FONT_DIR,
    }
    return render_to_string("reports/summary_pdf.html", context)


def summary_pdf(data: dict[str, Any], *, territory_name: str) -> bytes:
    """One A4 page in Ukrainian, whatever the user's interface language."""
    from weasyprint import HTML

    with translation.override("uk"):
        html = summary_html(data, territory_name=territory_name)
    return HTML(string=html, base_url=FONT_DIR).write_pdf()  # type: ignore[no-any-return]
