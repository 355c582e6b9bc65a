"""The institution picker: a search over the institutions a referral may go to, grouped by
oblast with the user's own oblast first, 20 at a time — instead of one national select.

`InstitutionPickerField(user=…, query=…, page=…)` cleans to an active `Institution` (a
typed or stale id is "find the institution and choose it"); its widget renders a search box
whose label is the field's, and the matches as radio buttons of the field. With HTMX the
matches come from `network:pick` as the user types; without JavaScript the search box
submits its own GET form (`find_form`, outside the field's form) and the page passes the
query back, so the field still works as a plain form field validated on the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.core.collation import uk
from suprovid.core.http import id_param
from suprovid.territory.codes import prefix_q, subtree_q
from suprovid.territory.models import Territory

from .models import Institution

PAGE_SIZE = 20
# A word also matches institutions in the places it names (Кривий → Кривий Ріг's
# institutions); the few best-matching places are enough, and keep the query small.
PLACES_PER_WORD = 10


@dataclass
class Matches:
    """One page of the picker: institutions grouped under their oblast, in display order."""

    groups: list[tuple[str, list[Institution]]] = field(default_factory=list)
    page: int = 1
    has_more: bool = False


def _oblast_prefix(code: str | None) -> str:
    # The first two digits after UA name the oblast (or Kyiv, Sevastopol) in КАТОТТГ.
    return code[:4] if code else ""


def home_oblast(user: Any) -> str:
    """The code prefix of the oblast the user works in ('' when none: administrators)."""
    code = getattr(user, "territory_id", None)
    if not code and getattr(user, "institution_id", None):
        code = user.institution.territory_id
    return _oblast_prefix(code)


def _word_q(word: str) -> Q:
    # Names are kept as written: try the word as typed, in lower case, capitalised and in
    # capitals, so 'право' finds «Право» and 'цнсп' finds ЦНСП on SQLite too (whose LIKE
    # folds ASCII only).
    variants = {word, word.lower(), word.capitalize(), word.upper()}
    q = Q(code__icontains=word)
    for variant in variants:
        q |= Q(name__contains=variant)
    places = Territory.objects.search(word).ranked(word).values_list("code", flat=True)
    for code in list(places[:PLACES_PER_WORD]):
        q |= subtree_q("territory", code)
    return q


def institution_matches(*, user: Any, query: str = "", page: int = 1) -> Matches:
    """Active institutions matching every word of `query` (two letters at least), or, with
    no query, those of the user's own oblast; the user's oblast first, then by oblast and
    name, `PAGE_SIZE` a page."""
    institutions = Institution.objects.filter(is_active=True)
    words = [w for w in (query or "").split() if len(w) >= 2]
    home = home_oblast(user)
    if words:
        for word in words:
            institutions = institutions.filter(_word_q(word))
    elif home:
        institutions = institutions.filter(prefix_q("territory", home))
    else:
        return Matches()
    # The user's oblast first, then oblast by oblast (КАТОТТГ order), names in Ukrainian order.
    home_rank = (
        Case(When(prefix_q("territory", home), then=0), default=1, output_field=IntegerField())
        if home
        else Value(0, output_field=IntegerField())
    )
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    rows = list(
        institutions.annotate(home_rank=home_rank, oblast=Substr("territory_id", 1, 4))
        .order_by("home_rank", "oblast", uk("name"), "pk")
        .only("pk", "name", "territory_id")[start : start + PAGE_SIZE + 1]
    )
    names = {
        _oblast_prefix(unit.code): unit.chain_name  # "Дніпропетровська область"
        for unit in Territory.objects.filter(level=1).only("code", "name", "category")
    }
    groups: dict[str, list[Institution]] = {}
    for institution in rows[:PAGE_SIZE]:
        oblast = names.get(_oblast_prefix(institution.territory_id)) or str(
            _("oblast not recorded")
        )
        groups.setdefault(oblast, []).append(institution)
    return Matches(groups=list(groups.items()), page=page, has_more=len(rows) > PAGE_SIZE)


class InstitutionPickerWidget(forms.Widget):
    template_name = "network/widgets/institution_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, find_form: str = "") -> None:
        super().__init__(attrs)
        self.find_form = find_form
        self.query = ""
        self.matches = Matches()
        self.chosen: Institution | None = None

    def id_for_label(self, id_: str) -> str:
        # The field's label names the search box: that is where the user starts.
        return f"{id_}_q" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        groups = [(oblast, list(items)) for oblast, items in self.matches.groups]
        shown = {i.pk for _oblast, items in groups for i in items}
        if self.chosen is not None and self.chosen.pk not in shown:
            groups.insert(0, (str(_("Chosen")), [self.chosen]))
        context["widget"].update(
            {
                "query": self.query,
                "find_form": self.find_form,
                "groups": groups,
                "page": self.matches.page,
                "has_more": self.matches.has_more,
                "chosen_pk": str(value) if value not in (None, "") else "",
                "invalid": context["widget"]["attrs"].get("aria-invalid") == "true",
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class InstitutionPickerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An active institution, chosen from a search grouped by oblast."""

    widget = InstitutionPickerWidget
    default_error_messages = {
        "required": _("Find the institution and choose it."),
        "invalid_choice": _("Find the institution and choose it."),
    }

    def __init__(
        self, *, user: Any, query: str = "", page: int = 1, find_form: str = "", **kwargs: Any
    ) -> None:
        super().__init__(queryset=Institution.objects.filter(is_active=True), **kwargs)
        widget = self.widget
        assert isinstance(widget, InstitutionPickerWidget)
        widget.find_form = find_form
        widget.query = query
        widget.matches = institution_matches(user=user, query=query, page=page)

    def bind_chosen(self, value: Any) -> None:
        """Keep the chosen institution among the choices when the form is shown again."""
        widget = self.widget
        assert isinstance(widget, InstitutionPickerWidget)
        try:
            widget.chosen = self.queryset.filter(pk=int(str(value))).first()  # type: ignore[union-attr]
        except (TypeError, ValueError):
            widget.chosen = None


def _page(value: Any) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def pick(request: HttpRequest) -> HttpResponse:
    """HTMX: one page of the institutions matching `q`, as radio buttons named `name`."""
    if not user_can(request.user, caps.ISSUES_WORK):
        raise Http404
    name = (request.GET.get("name") or "institution")[:100]
    query = (request.GET.get("q") or request.GET.get(f"{name}_q") or "")[:100]
    matches = institution_matches(
        user=request.user, query=query, page=_page(request.GET.get("page"))
    )
    # What was checked before this search stays chosen (and listed), as on a re-shown form.
    widget = InstitutionPickerWidget()
    widget.matches = matches
    chosen = id_param(request.GET.get(name))
    active = Institution.objects.filter(is_active=True)
    widget.chosen = active.filter(pk=chosen).first() if chosen else None
    groups = widget.get_context(name, chosen or "", {"id": "x"})["widget"]["groups"]
    return render(
        request,
        "network/widgets/institution_picker_results.html",
        {
            "widget": {
                "name": name,
                "attrs": {"id": (request.GET.get("id") or f"id_{name}")[:100]},
                "query": query,
                "groups": groups,
                "page": matches.page,
                "has_more": matches.has_more,
                "chosen_pk": str(widget.chosen.pk) if widget.chosen else "",
            }
        },
    )
