"""Services: their rules and the people in scope eligible on a date (exportable)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from suprovid.core.exports import export_response
from suprovid.core.pagination import paginate, query_without_page

from ..eligibility import eligible_persons
from ..forms import (
    ServiceForm,
)
from ..models import (
    Direction,
    Service,
)
from ..permissions import can_edit_catalogue
from .common import _catalogue_create, _catalogue_edit, _day, _require_manager


def service_create(request: HttpRequest, direction_pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=direction_pk)
    _require_manager(request)
    form = ServiceForm(request.POST or None, instance=Service(direction=direction))
    return _catalogue_create(
        request,
        form,
        detail="programmes:service_detail",
        title=_("New service"),
        back=reverse("programmes:direction_detail", args=[direction.pk]),
        saved=_("Service created."),
    )


def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = ServiceForm(request.POST or None, instance=service)
    url = reverse("programmes:service_detail", args=[service.pk])
    return _catalogue_edit(request, service, form, saved=_("Service saved."), back=url, done=url)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The service's rules and the people in scope eligible on a date (exportable)."""
    service = get_object_or_404(
        Service.objects.visible_to(request.user).select_related("direction", "residence_territory"),
        pk=pk,
    )
    on = _day(request)
    people = eligible_persons(service=service, user=request.user, on=on).select_related("territory")
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [
            _("Last name"),
            _("First name"),
            _("Patronymic"),
            _("Birth date"),
            _("РНОКПП"),
            _("Phone"),
            _("Registered residence"),
        ]
        rows = (
            [
                p.last_name,
                p.first_name,
                p.patronymic,
                p.birth_date,
                p.rnokpp,
                p.phone,
                p.territory.name if p.territory else "",
            ]
            for p in people.iterator(chunk_size=2000)
        )
        return export_response(fmt, f"eligible-{service.pk}-{on.isoformat()}", header, rows)
    return render(
        request,
        "programmes/service_detail.html",
        {
            "service": service,
            "on": on,
            "page": paginate(request, people),
            "query": query_without_page(request),
            "distributions": service.distributions.annotate(expected=Count("recipients")),
            "can_edit": can_edit_catalogue(request.user),
        },
    )
