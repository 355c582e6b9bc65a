"""Pages of the programmes app: the catalogue, budgets, distributions and check-in, events,
courses. Every object is fetched through `.visible_to(request.user)`; outside it is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.core.audit import snapshot
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.exports import export_response
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import FamilyLink, Person

from . import services as svc
from .budgets import budget_lines, budget_total
from .eligibility import eligible_persons
from .filters import RecipientFilter
from .forms import (
    BudgetForm,
    CourseForm,
    DeliveryForm,
    DirectionForm,
    DistributionForm,
    EnrolmentForm,
    EventForm,
    ExpenditureForm,
    ServiceForm,
)
from .models import (
    Course,
    Delivery,
    Direction,
    DirectionBudget,
    Distribution,
    Enrolment,
    Event,
    Expenditure,
    Recipient,
    Registration,
    Service,
)
from .permissions import can_edit_catalogue, can_record_delivery

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


# --- Catalogue ------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        svc.catalogue_save(actor=request.user, obj=form.instance, before=None)
        messages.success(request, _("Direction created."))
        return redirect("programmes:direction_detail", pk=form.instance.pk)
    return _form_page(request, form, _("New programme direction"), reverse("programmes:catalogue"))


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


# --- Services -------------------------------------------------------------------------------


def service_create(request: HttpRequest, direction_pk: int) -> HttpResponse:
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=direction_pk)
    _require_manager(request)
    form = ServiceForm(request.POST or None, instance=Service(direction=direction))
    if request.method == "POST" and form.is_valid():
        svc.catalogue_save(actor=request.user, obj=form.instance, before=None)
        messages.success(request, _("Service created."))
        return redirect("programmes:service_detail", pk=form.instance.pk)
    back = reverse("programmes:direction_detail", args=[direction.pk])
    return _form_page(request, form, _("New service"), back)


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


# --- Distributions and check-in -------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        svc.catalogue_save(actor=request.user, obj=form.instance, before=None)
        messages.success(request, _("Wave created. Generate its recipient list next."))
        return redirect("programmes:distribution_detail", pk=form.instance.pk)
    back = reverse("programmes:service_detail", args=[service.pk])
    return _form_page(request, form, _("New wave"), back)


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


# --- Events ---------------------------------------------------------------------------------


def _offering_create(
    request: HttpRequest, direction_pk: int, form_class: Any, detail: str, title: str
) -> HttpResponse:
    """A new event or course of a direction (`models.Offering`), by a programme manager."""
    direction = get_object_or_404(Direction.objects.visible_to(request.user), pk=direction_pk)
    _require_manager(request)
    model = form_class._meta.model
    form = form_class(request.POST or None, instance=model(direction=direction))
    if request.method == "POST" and form.is_valid():
        svc.catalogue_save(actor=request.user, obj=form.instance, before=None)
        return redirect(detail, pk=form.instance.pk)
    back = reverse("programmes:direction_detail", args=[direction.pk])
    return _form_page(request, form, title, back)


def _offering_edit(request: HttpRequest, pk: int, form_class: Any, detail: str) -> HttpResponse:
    obj = get_object_or_404(form_class._meta.model.objects.visible_to(request.user), pk=pk)
    _require_manager(request)
    form = form_class(request.POST or None, instance=obj)
    url = reverse(detail, args=[pk])
    return _catalogue_edit(request, obj, form, saved=None, back=url, done=url)


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


# --- Courses --------------------------------------------------------------------------------


def course_create(request: HttpRequest, direction_pk: int) -> HttpResponse:
    return _offering_create(
        request, direction_pk, CourseForm, "programmes:course_detail", _("New course")
    )


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _offering_edit(request, pk, CourseForm, "programmes:course_detail")


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(
        Course.objects.visible_to(request.user).select_related("direction"), pk=pk
    )
    q, people = _search(request)
    found = list(
        people.annotate(
            enrolled=Exists(Enrolment.objects.filter(course=course, person=OuterRef("pk")))
        )[:SEARCH_LIMIT]
    )
    context = {
        "course": course,
        "q": q,
        "people": found,
        "can_enrol": can_record_delivery(request.user),
    }
    if _htmx(request):
        return render(request, "programmes/course_detail.html#results", context)
    enrolments = (
        Enrolment.objects.visible_to(request.user).filter(course=course).select_related("person")
    )
    summary = enrolments.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status="completed")),
        employed=Count("pk", filter=Q(employed_on__isnull=False)),
    )
    context.update(
        page=paginate(request, enrolments),
        query=query_without_page(request),
        summary=summary,
        can_edit=can_edit_catalogue(request.user),
    )
    return render(request, "programmes/course_detail.html", context)


@require_POST
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
    _require_desk(request)
    person = get_object_or_404(
        Person.objects.visible_to(request.user), pk=id_param(request.POST.get("person"))
    )
    try:
        svc.course_enrol(actor=request.user, course=course, person=person, on=timezone.localdate())
    except (svc.CapacityFull, ValidationError) as refused:
        messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
    else:
        messages.success(request, _("%(name)s enrolled.") % {"name": person.full_name})
    return redirect("programmes:course_detail", pk=pk)


def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user)
        .filter(course__in=Course.objects.visible_to(request.user))
        .select_related("course", "person"),
        pk=pk,
    )
    _require_desk(request)
    form = EnrolmentForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = Enrolment.objects.select_related("course").get(pk=enrolment.pk)
        try:
            svc.enrolment_update(actor=request.user, enrolment=fresh, **data)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:course_detail", pk=enrolment.course_id)
    back = reverse("programmes:course_detail", args=[enrolment.course_id])
    return _form_page(request, form, f"{enrolment.person.full_name} · {enrolment.course}", back)
