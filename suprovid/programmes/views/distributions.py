"""Distribution waves, their recipient lists and check-in, and deliveries recorded one by one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.core.exports import export_response
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import Person

from .. import services as svc
from ..filters import RecipientFilter
from ..forms import (
    DeliveryForm,
    DistributionForm,
)
from ..models import (
    Delivery,
    Distribution,
    Recipient,
    Service,
)
from ..permissions import can_edit_catalogue, can_record_delivery
from .common import (
    SEARCH_LIMIT,
    _catalogue_create,
    _catalogue_edit,
    _form_page,
    _htmx,
    _require_desk,
    _require_manager,
    _search,
)


def _distribution(request: HttpRequest, pk: int) -> Distribution:
    return get_object_or_404(
        Distribution.objects.visible_to(request.user).select_related(
            "service", "service__direction"
        ),
        pk=pk,
    )


def distribution_create(request: HttpRequest, service_pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.visible_to(request.user), pk=service_pk)
    _require_manager(request)
    form = DistributionForm(request.POST or None, instance=Distribution(service=service))
    return _catalogue_create(
        request,
        form,
        detail="programmes:distribution_detail",
        title=_("New wave"),
        back=reverse("programmes:service_detail", args=[service.pk]),
        saved=_("Wave created. Generate its recipient list next."),
    )


def distribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _distribution(request, pk)
    _require_manager(request)
    form = DistributionForm(request.POST or None, instance=distribution)
    url = reverse("programmes:distribution_detail", args=[pk])
    return _catalogue_edit(request, distribution, form, saved=_("Wave saved."), back=url, done=url)


def _counters(request: HttpRequest, distribution: Distribution) -> dict[str, int]:
    """Issued / expected, counted over the people the user may see."""
    recipients = Recipient.objects.visible_to(request.user).filter(distribution=distribution)
    issued = (
        Delivery.objects.visible_to(request.user)
        .filter(distribution=distribution)
        .values("person")
        .distinct()
        .count()
    )
    return {"issued": issued, "expected": recipients.count()}


def distribution_counters(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _distribution(request, pk)
    return render(
        request,
        "programmes/distribution_detail.html#counters",
        {"distribution": distribution, "counters": _counters(request, distribution)},
    )


def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The wave's recipient list with who has already collected; exportable to XLSX."""
    distribution = _distribution(request, pk)
    issued = Delivery.objects.filter(distribution=distribution, person=OuterRef("person"))
    recipients = (
        Recipient.objects.visible_to(request.user)
        .filter(distribution=distribution)
        .select_related("person", "person__territory")
        .annotate(issued=Exists(issued))
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    filters = RecipientFilter(request.GET, queryset=recipients, request=request)
    recipients = filters.qs
    status = filters.values.get("status") or ""
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
            _("Issued"),
        ]
        rows = (
            [
                r.person.last_name,
                r.person.first_name,
                r.person.patronymic,
                r.person.birth_date,
                r.person.rnokpp,
                r.person.phone,
                r.person.territory.name if r.person.territory else "",
                _("yes") if getattr(r, "issued", False) else _("no"),
            ]
            for r in recipients.iterator(chunk_size=2000)
        )
        return export_response(fmt, f"wave-{distribution.pk}", header, rows)
    return render(
        request,
        "programmes/distribution_detail.html",
        {
            "distribution": distribution,
            "counters": _counters(request, distribution),
            "page": paginate(request, recipients),
            "query": query_without_page(request),
            "status": status or "",
            "can_edit": can_edit_catalogue(request.user),
        },
    )


@require_POST
def distribution_generate(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _distribution(request, pk)
    _require_manager(request)
    added = svc.distribution_generate_recipients(actor=request.user, distribution=distribution)
    messages.success(request, _("%(n)s people added to the recipient list.") % {"n": added})
    return redirect("programmes:distribution_detail", pk=pk)


def _checkin_people(request: HttpRequest, distribution: Distribution) -> tuple[str, list[Person]]:
    q, people = _search(request)
    people = people.select_related("territory").annotate(
        on_list=Exists(Recipient.objects.filter(distribution=distribution, person=OuterRef("pk"))),
        issued=Exists(Delivery.objects.filter(distribution=distribution, person=OuterRef("pk"))),
    )
    return q, list(people[:SEARCH_LIMIT])


def distribution_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The pickup point: find the person by name, РНОКПП or phone; one click issues."""
    distribution = _distribution(request, pk)
    q, people = _checkin_people(request, distribution)
    context = {
        "distribution": distribution,
        "q": q,
        "people": people,
        "counters": _counters(request, distribution),
        "can_issue": can_record_delivery(request.user),
        "place": request.GET.get("place", ""),
    }
    if _htmx(request):
        return render(request, "programmes/checkin.html#results", context)
    return render(request, "programmes/checkin.html", context)


@require_POST
def distribution_issue(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _distribution(request, pk)
    _require_desk(request)
    person = get_object_or_404(
        Person.objects.visible_to(request.user), pk=id_param(request.POST.get("person"))
    )
    place = request.POST.get("place", "")[:200]
    error: list[str] = []
    try:
        svc.delivery_record(
            actor=request.user,
            service=distribution.service,
            person=person,
            delivered_on=timezone.localdate(),
            distribution=distribution,
            place=place,
        )
    except svc.DeliveryRefused as refused:
        error = refused.reasons
    if _htmx(request):
        person.on_list = Recipient.objects.filter(  # type: ignore[attr-defined]
            distribution=distribution, person=person
        ).exists()
        person.issued = Delivery.objects.filter(  # type: ignore[attr-defined]
            distribution=distribution, person=person
        ).exists()
        response = render(
            request,
            "programmes/checkin.html#row",
            {
                "distribution": distribution,
                "p": person,
                "error": error,
                "can_issue": True,
                "just_issued": not error,
                "place": place,
            },
        )
        response["HX-Trigger"] = "counters-changed"
        return response
    if error:
        messages.error(request, "; ".join(error))
    else:
        messages.success(request, _("Issued to %(name)s.") % {"name": person.full_name})
    return redirect(reverse("programmes:distribution_checkin", args=[pk]) + f"?place={place}")


def delivery_create(request: HttpRequest) -> HttpResponse:
    """Record a delivery for one person (from the person card)."""
    _require_desk(request)
    person = get_object_or_404(
        Person.objects.visible_to(request.user), pk=id_param(request.GET.get("person"))
    )
    form = DeliveryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            svc.delivery_record(
                actor=request.user,
                person=person,
                service=form.cleaned_data["service"],
                delivered_on=form.cleaned_data["delivered_on"],
                quantity=form.cleaned_data["quantity"],
                place=form.cleaned_data["place"],
            )
        except svc.DeliveryRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect("programmes:catalogue")
    return _form_page(
        request,
        form,
        _("Delivery to %(name)s") % {"name": person.full_name},
        reverse("programmes:catalogue"),
    )
