"""The person picker: a name, РНОКПП or phone search that offers the matching persons of the
user's scope as the choices of a form field — the intake form's search, for any form.

`PersonPickerField(user=…, query=…)` cleans to a `Person` the user may see (anyone else, or
a typed id, is "choose the person"); its widget renders a search box and the matches as
radio buttons of the field. With HTMX the matches come from `people:pick` as the user
types; without JavaScript the search box submits its own GET form (`find_form`, the id of a
form outside the field's own) and the page passes the query back as `query`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from suprovid.core.audit import audit_read
from suprovid.core.collation import uk

from .models import Person
from .permissions import can_view_people

PICK_LIMIT = 20


def pick_candidates(user: Any, query: str) -> list[Person]:
    """Up to 20 active persons in the user's scope matching the query (2 characters at
    least), alphabetically; the read is audited with the ids returned."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    persons = list(
        Person.objects.visible_to(user)
        .active()
        .search(query)
        .order_by(uk("last_name"), uk("first_name"), "id")[:PICK_LIMIT]
    )
    audit_read(action="person.listed", objs=persons, model=Person)
    return persons


class PersonPickerWidget(forms.Widget):
    template_name = "people/widgets/person_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, find_form: str = "") -> None:
        super().__init__(attrs)
        self.find_form = find_form
        self.query = ""
        self.candidates: list[Person] = []
        self.chosen: Person | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        candidates = list(self.candidates)
        if self.chosen is not None and self.chosen not in candidates:
            candidates.insert(0, self.chosen)
        context["widget"].update(
            {
                "query": self.query,
                "find_form": self.find_form,
                "candidates": candidates,
                "chosen_pk": str(value) if value not in (None, "") else "",
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class PersonPickerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person of the user's scope, chosen from a search; never an id to type."""

    widget = PersonPickerWidget
    default_error_messages = {
        "required": _("Find the person and choose them."),
        "invalid_choice": _("Find the person and choose them."),
    }

    def __init__(self, *, user: Any, query: str = "", find_form: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Person"))
        super().__init__(queryset=Person.objects.visible_to(user).active(), **kwargs)
        widget = self.widget
        assert isinstance(widget, PersonPickerWidget)
        widget.find_form = find_form
        widget.query = query
        widget.candidates = pick_candidates(user, query)

    def bind_chosen(self, value: Any) -> None:
        """Keep the chosen person among the choices when the form is shown again."""
        widget = self.widget
        assert isinstance(widget, PersonPickerWidget)
        if value in (None, ""):
            return
        try:
            widget.chosen = self.queryset.filter(pk=int(str(value))).first()  # type: ignore[union-attr]
        except ValueError:
            widget.chosen = None


def pick(request: HttpRequest) -> HttpResponse:
    """HTMX: the persons matching `q` as radio buttons named `name` (the picker's field)."""
    if not can_view_people(request.user):
        raise Http404
    name = (request.GET.get("name") or "person")[:100]
    query = request.GET.get("q") or request.GET.get(f"{name}_q") or ""
    return render(
        request,
        "people/widgets/person_picker_results.html",
        {
            "widget": {
                "name": name,
                "attrs": {"id": (request.GET.get("id") or f"id_{name}")[:100]},
                "query": query,
                "candidates": pick_candidates(request.user, query),
                "chosen_pk": "",
            }
        },
    )
