"""The subject-access report of a person as PDF or JSON (Law 2297-VI art. 8)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from suprovid.accounts import capabilities as caps
from suprovid.accounts.access import access
from suprovid.people.models import Person

from .subject_access import report_json, report_pdf, subject_access_produce


@require_safe
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the person, for the person: `?format=pdf` (default) or `json`.

    404 outside the user's scope (or for roles that never see persons), 403 for roles that
    see persons but do not answer subject-access requests. Each report is audited.
    """
    qs = Person.objects.visible_to(request.user).select_related(
        "territory__parent__parent__parent__parent", "institution"
    )
    person = access(request.user, qs, pk, view=caps.PEOPLE_VIEW, act=caps.PEOPLE_SUBJECT_ACCESS)
    fmt = "json" if request.GET.get("format") == "json" else "pdf"
    report = subject_access_produce(actor=request.user, person=person, fmt=fmt)
    name = f"subject-access-{person.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "json":
        body = json.dumps(report_json(report), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
