"""The programme manager's catalogue: directions of help, their budgets and expenditure."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services as svc
from ..budgets import budget_lines, budget_total
from ..forms import (
    BudgetForm,
    DirectionForm,
    ExpenditureForm,
)
from ..models import (
    Direction,
    DirectionBudget,
    Expenditure,
    Service,
)
from ..permissions import can_edit_catalogue
from .common import _catalogue_create, _catalogue_edit, _form_page, _require_manager, _year


def catalogue(request: HttpRequest) -> HttpResponse:
    """The programme manager's start page: directions, their services, the year's budget."""
    year = _year(request)
    directions = Direction.objects.visible_to(request.user).prefetch_related(
        Prefetch("services", Service.objects.order_by("name"))
    )
    lines = budget_lines(directions, year)
    return render(
        request,
        "programmes/catalogue.html",
        {
            "lines": lines,
            "total": budget_total(lines),
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
            "can_edit": can_edit_catalogue(request.user),
        },
    )


def direction_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = DirectionForm(request.POST or None, user=request.user)
    return _catalogue_create(
        request,
        form,
        detail="programmes:direction_detail",
        title=_("New programme direction"),
        back=reverse("programmes:catalogue"),
        saved=_("Direction created."),
    )


def direction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=pk)
    year = _year(request)
    lines = budget_lines(Direction.objects.filter(pk=direction.pk), year)
    return render(
        request,
        "programmes/direction_detail.html",
        {
            "direction": direction,
            "line": lines[0],
            "year": year,
            "services": direction.services.order_by("name"),
            "budgets": DirectionBudget.objects.filter(direction=direction),
            "expenditures": Expenditure.objects.filter(direction=direction)[:20],
            "events": direction.events.all(),
            "courses": direction.courses.all(),
            "can_edit": can_edit_catalogue(request.user),
            "budget_form": BudgetForm(initial={"year": year}),
            "expenditure_form": ExpenditureForm(initial={"on": timezone.localdate()}),
        },
    )


def direction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = DirectionForm(request.POST or None, instance=direction, user=request.user)
    url = reverse("programmes:direction_detail", args=[direction.pk])
    return _catalogue_edit(
        request, direction, form, saved=_("Direction saved."), back=url, done=url
    )


@require_POST
def direction_budget(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        svc.budget_set(
            actor=request.user,
            direction=direction,
            year=form.cleaned_data["year"],
            planned=form.cleaned_data["planned"],
        )
        messages.success(request, _("Budget saved."))
        return redirect(
            reverse("programmes:direction_detail", args=[pk]) + f"?year={form.cleaned_data['year']}"
        )
    back = reverse("programmes:direction_detail", args=[pk])
    return _form_page(request, form, _("Yearly budget"), back)


@require_POST
def direction_expenditure(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = ExpenditureForm(request.POST)
    if form.is_valid():
        svc.expenditure_record(actor=request.user, direction=direction, **form.cleaned_data)
        messages.success(request, _("Expenditure recorded."))
        return redirect("programmes:direction_detail", pk=pk)
    back = reverse("programmes:direction_detail", args=[pk])
    return _form_page(request, form, _("Expenditure"), back)
