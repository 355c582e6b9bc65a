"""Events with registration (e.g. sports games for veteran families)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.core.exports import export_response
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import FamilyLink, Person

from .. import services as svc
from ..forms import (
    EventForm,
)
from ..models import (
    Event,
    Registration,
)
from ..permissions import can_edit_catalogue, can_record_delivery
from .common import SEARCH_LIMIT, _htmx, _offering_create, _offering_edit, _require_desk, _search


def event_create(request: HttpRequest, direction_pk: int) -> HttpResponse:
    return _offering_create(
        request, direction_pk, EventForm, "programmes:event_detail", _("New event")
    )


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _offering_edit(request, pk, EventForm, "programmes:event_detail")


def event_detail(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("direction"), pk=pk
    )
    visible = Person.objects.visible_to(request.user)
    q, people = _search(request)
    found = list(
        people.annotate(
            registered=Exists(Registration.objects.filter(event=event, person=OuterRef("pk")))
        ).prefetch_related(
            Prefetch(
                "family_links",
                FamilyLink.objects.filter(relative__in=visible.values("pk")).select_related(
                    "relative"
                ),
            )
        )[:SEARCH_LIMIT]
    )
    context = {
        "event": event,
        "q": q,
        "people": found,
        "can_register": can_record_delivery(request.user),
    }
    if _htmx(request):
        return render(request, "programmes/event_detail.html#results", context)
    registrations = (
        Registration.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("person", "with_person")
    )
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [_("Participant"), _("Birth date"), _("Family of"), _("Attended"), _("Result")]
        rows = (
            [
                r.person.full_name,
                r.person.birth_date,
                r.with_person.full_name if r.with_person else "",
                _("yes") if r.attended else _("no"),
                r.result,
            ]
            for r in registrations.iterator(chunk_size=2000)
        )
        return export_response(fmt, f"event-{event.pk}", header, rows)
    context.update(
        page=paginate(request, registrations),
        query=query_without_page(request),
        can_edit=can_edit_catalogue(request.user),
        attended=registrations.filter(attended=True).count(),
    )
    return render(request, "programmes/event_detail.html", context)


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    _require_desk(request)
    visible = Person.objects.visible_to(request.user)
    person = get_object_or_404(visible, pk=id_param(request.POST.get("person")))
    family_ids = [id_param(v) for v in request.POST.getlist("family")]
    family = list(visible.filter(pk__in=family_ids).exclude(pk=person.pk))
    try:
        created = svc.event_register(actor=request.user, event=event, person=person, family=family)
    except (svc.CapacityFull, ValidationError) as refused:
        messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
    else:
        messages.success(request, _("%(n)s registered.") % {"n": len(created)})
    return redirect("programmes:event_detail", pk=pk)


@require_POST
def registration_update(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).filter(
            event__in=Event.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    _require_desk(request)
    svc.registration_update(
        actor=request.user,
        registration=registration,
        attended=request.POST.get("attended") == "on",
        result=request.POST.get("result", "")[:200],
    )
    if _htmx(request):
        return render(
            request, "programmes/event_detail.html#registration", {"r": registration, "saved": True}
        )
    return redirect("programmes:event_detail", pk=registration.event_id)
