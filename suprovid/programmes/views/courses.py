"""Courses (e.g. free IT retraining): enrolments and what came of them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import Person

from .. import services as svc
from ..forms import (
    CourseForm,
    EnrolmentForm,
)
from ..models import (
    Course,
    Enrolment,
)
from ..permissions import can_edit_catalogue, can_record_delivery
from .common import (
    SEARCH_LIMIT,
    _form_page,
    _htmx,
    _offering_create,
    _offering_edit,
    _require_desk,
    _search,
)


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
