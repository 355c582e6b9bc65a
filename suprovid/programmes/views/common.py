"""What the programme pages share: the role guards, the year and date parameters, the form page,
the catalogue's edit flow (events and courses alike), the person search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from suprovid.core.audit import snapshot
from suprovid.core.concurrency import StaleObjectError
from suprovid.people.models import Person

from .. import services as svc
from ..models import (
    Direction,
)
from ..permissions import can_edit_catalogue, can_record_delivery

SEARCH_LIMIT = 20


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _require_manager(request: HttpRequest) -> None:
    if not can_edit_catalogue(request.user):
        raise PermissionDenied(_("Only programme managers edit the catalogue."))


def _require_desk(request: HttpRequest) -> None:
    if not can_record_delivery(request.user):
        raise PermissionDenied(_("Your role does not record deliveries."))


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _day(request: HttpRequest, name: str = "on") -> dt.date:
    try:
        value = parse_date(request.GET.get(name, "") or "")
    except ValueError:
        value = None
    return value or timezone.localdate()


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )


def _catalogue_edit(
    request: HttpRequest, obj: Any, form: Any, *, saved: str | None, back: str, done: str
) -> HttpResponse:
    """Save a manager's edit of a catalogue record over the version the form was opened at.

    A stale save (someone saved the record meanwhile) is refused: the form comes back with
    what the person typed and a message (409); the stored record keeps the other change.
    """
    status = 200
    if request.method == "POST":
        before = snapshot(obj)  # as read: the form has not touched the instance yet
        status = 400
        if form.is_valid():
            try:
                svc.catalogue_save(
                    actor=request.user,
                    obj=form.instance,
                    before=before,
                    expected_version=form.cleaned_data["version"],
                    fields=form.edited_fields(),
                )
            except StaleObjectError:
                form.add_error(None, str(StaleObjectError.message))
                status = 409
            except ValidationError as invalid:
                form.add_error(None, invalid)
            else:
                if saved:
                    messages.success(request, saved)
                return redirect(done)
        obj = type(obj).objects.get(pk=obj.pk)  # the stored record for the page heading
    return _form_page(request, form, str(obj), back, status=status)


def _search(request: HttpRequest) -> tuple[str, QuerySet[Person]]:
    """Persons in the user's scope matching `?q=` (name, РНОКПП, phone), at most 20."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return q, Person.objects.none()
    return q, Person.objects.visible_to(request.user).active().search(q)


def _catalogue_create(
    request: HttpRequest, form: Any, *, detail: str, title: str, back: str, saved: Any = None
) -> HttpResponse:
    """A new catalogue record (direction, service, wave, event, course): saved and audited
    through `catalogue_save`, then its own page; an invalid form re-renders with `title`."""
    if request.method == "POST" and form.is_valid():
        svc.catalogue_save(actor=request.user, obj=form.instance, before=None)
        if saved:
            messages.success(request, saved)
        return redirect(detail, pk=form.instance.pk)
    return _form_page(request, form, title, back)


def _offering_create(
    request: HttpRequest, direction_pk: int, form_class: Any, detail: str, title: str
) -> HttpResponse:
    """A new event or course of a direction (`models.Offering`), by a programme manager."""
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=direction_pk)
    _require_manager(request)
    form = form_class(request.POST or None, instance=form_class._meta.model(direction=direction))
    back = reverse("programmes:direction_detail", args=[direction.pk])
    return _catalogue_create(request, form, detail=detail, title=title, back=back)


def _offering_edit(request: HttpRequest, pk: int, form_class: Any, detail: str) -> HttpResponse:
    obj = get_object_or_404(form_class._meta.model.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = form_class(request.POST or None, instance=obj)
    url = reverse(detail, args=[pk])
    return _catalogue_edit(request, obj, form, saved=None, back=url, done=url)
